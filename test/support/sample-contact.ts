// A valid contact of the example campaign, with the proof of its consent answer.

/** When the sample's consent was given: a minute before the tests load, well inside the bounds
 * the server puts on a proof's time, and the same in the request and in what is forwarded. */
export const SAMPLE_PROOF_AT = new Date(Date.now() - 60_000).toISOString();
export const SAMPLE_NOTICE_VERSION = '2027-01';

export function sampleContact(): { kind: 'contact'; data: Record<string, any>; consentProof?: Record<string, unknown>[] } {
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
    consentProof: [
      { id: 101, answer: 'yes', noticeVersion: SAMPLE_NOTICE_VERSION, at: SAMPLE_PROOF_AT },
      { id: 102, answer: 'no', noticeVersion: SAMPLE_NOTICE_VERSION, at: SAMPLE_PROOF_AT },
    ],
  };
}

/** `sampleContact()` as Qomon's own body (no proof): what the sandbox's upsert takes. */
export function sampleQomonBody(): { kind: 'contact'; data: Record<string, any> } {
  const { consentProof: _proof, ...body } = sampleContact();
  return body;
}

/** The pinned note the server makes of `sampleContact()`'s proof, signed with `canvasser`. */
export function sampleProofNote(canvasser: { id: string; name: string }): { content: string; pinned: true } {
  return {
    content: [
      'Preuve de consentement (Doorstep)',
      `Recueilli par : ${canvasser.name} (${canvasser.id})`,
      'Notice 2027-01 : https://ensemble-guillotiere.fr/confidentialite',
      `- Accepte de recevoir des e-mails de la liste (consent_email) : oui, ${SAMPLE_PROOF_AT}, notice 2027-01`,
      `- Accepte de recevoir des SMS (consent_sms) : non, ${SAMPLE_PROOF_AT}, notice 2027-01`,
    ].join('\n'),
    pinned: true,
  };
}

/** What `sampleContact()` must become once validated: trimmed, blanks dropped, defaults set, its
 * proof a pinned note signed with the canvasser of the session that sent it. */
export function sampleContactForwarded(canvasser: { id: string; name: string } = { id: 'demo', name: 'Démo' }): unknown {
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
      notes: [{ content: 'Rappeler après 18h', pinned: false }, sampleProofNote(canvasser)],
    },
  };
}
