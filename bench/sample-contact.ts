// A valid contact of the shipped example campaign (config/example-campaign.json): passes the
// shared contract and the server's campaign check, so every bench request takes the full path
// (validation, campaign ids, consent proof, idempotency store, forwarding) and is answered 202.

export function sampleContact(i = 0): { kind: 'contact'; data: Record<string, unknown>; consentProof: Record<string, unknown>[] } {
  return {
    kind: 'contact',
    data: {
      firstname: `Jeanne${i}`,
      surname: 'Martin',
      mail: `jeanne.martin.${i}@example.fr`,
      mobile: '06 12 34 56 78',
      address: { street: '12 rue de Marseille', postalcode: '69007', city: 'Lyon' },
      consents: [{ id: 101, label: 'E-mails', value: 'consent_email' }],
      status: [{ id: 301, label: 'Niveau de soutien', value: 'plutot_favorable' }],
      forms: [{ id: 401, label: 'Sujet', value: 'logement' }],
      tags: [{ name: 'logement' }],
      notes: [{ content: 'Rappeler après 18h' }],
    },
    // The consent's proof (notice version, time), which the server signs and adds as a pinned note.
    consentProof: [{ id: 101, answer: 'yes', noticeVersion: '2027-01', at: new Date(Date.now() - 60_000).toISOString() }],
  };
}
