// A valid contact of the example campaign.

export function sampleContact(): { kind: 'contact'; data: Record<string, any> } {
  return {
    kind: 'contact',
    data: {
      firstname: '  Jeanne ',
      surname: 'Martin',
      married_name: '   ',
      mail: 'jeanne.martin@example.fr',
      mobile: '06 12 34 56 78',
      address: { street: '12 rue de Marseille', postalcode: '69007', city: 'Lyon', country: '' },
      consents: [{ id: 101, label: 'E-mails', value: 'consent_email' }],
      status: [{ id: 301, label: 'Niveau de soutien', value: 'plutot_favorable' }],
      forms: [{ id: 401, label: 'Sujet', value: 'logement' }],
      custom_fields: [{ id: 601, label: 'Profession', value: ' ' }],
      tags: [{ name: 'logement' }],
      notes: [{ content: 'Rappeler après 18h' }],
    },
  };
}

/** What `sampleContact()` must become once validated: trimmed, blanks dropped, defaults set. */
export function sampleContactForwarded(): unknown {
  return {
    kind: 'contact',
    data: {
      firstname: 'Jeanne',
      surname: 'Martin',
      mail: 'jeanne.martin@example.fr',
      mobile: '06 12 34 56 78',
      address: { street: '12 rue de Marseille', postalcode: '69007', city: 'Lyon' },
      consents: [{ id: 101, label: 'E-mails', value: 'consent_email' }],
      status: [{ id: 301, label: 'Niveau de soutien', value: 'plutot_favorable' }],
      forms: [{ id: 401, label: 'Sujet', value: 'logement' }],
      tags: [{ name: 'logement' }],
      notes: [{ content: 'Rappeler après 18h', pinned: false }],
    },
  };
}
