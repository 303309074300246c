import type { DraftsText } from './drafts-text-en';

export const draftsTextFr: DraftsText = {
  heading: (n) => (n === 1 ? 'Un autre contact en cours' : `${n}\u00a0autres contacts en cours`),
  lead: 'Enregistrés sur cet appareil pendant la saisie. Reprenez-en un pour le terminer, ou supprimez-le.',
  unnamed: 'Contact encore sans nom',
  unreadable: 'Gardé d’une autre version de l’application\u00a0: exportez-le pour le conserver',
  edited: (age) => `modifié ${age}`,
  resume: 'Reprendre',
  resumeLabel: (what) => `Reprendre\u00a0: ${what}`,
  discard: 'Supprimer',
  discardLabel: (what) => `Supprimer\u00a0: ${what}`,
  newContact: 'Commencer un nouveau contact',
  newContactHint: 'Le contact du formulaire reste ici comme brouillon.',
  discarded: (what) => `Brouillon supprimé\u00a0: ${what}`,
  undo: 'Annuler',
  openElsewhere: 'Ouvert dans un autre onglet de l’application\u00a0: terminez-le là-bas, ou fermez cet onglet pour le reprendre ici.',
  fixing: 'Corrige un contact à corriger',
  resumed: (what) => `Brouillon repris\u00a0: ${what}`,
  saveFailed: 'Le brouillon n’a pas pu être enregistré sur cet appareil.',
  othersDrafts: (n) =>
    n === 1
      ? '1\u00a0brouillon d’un autre militant est gardé sur cet appareil pour lui'
      : `${n}\u00a0brouillons d’un autre militant sont gardés sur cet appareil pour lui`,
};
