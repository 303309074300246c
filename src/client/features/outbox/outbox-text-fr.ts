import type { OutboxText } from './outbox-text-en';

export const outboxTextFr: OutboxText = {
  label: 'Contacts à envoyer',
  checking: 'Lecture des contacts gardés sur cet appareil…',
  waiting: (n) => (n === 0 ? 'Rien en attente' : `${n}\u00a0en attente`),
  waitingOf: (doors, contacts) =>
    [
      doors === 1 ? '1\u00a0porte' : `${doors}\u00a0portes`,
      ...(contacts ? [contacts === 1 ? '1\u00a0contact' : `${contacts}\u00a0contacts`] : []),
    ].join(', '),
  needsAttention: (n) => (n === 1 ? '1\u00a0à corriger' : `${n}\u00a0à corriger`),
  oldest: (age) => `le plus ancien\u00a0: ${age}`,
  lastSent: (at) => `dernier envoi\u00a0: ${at}`,
  sending: 'envoi…',
  paused: 'En pause\u00a0: reconnectez-vous pour les envoyer',
  sendNow: 'Envoyer maintenant',
  details: 'Détails',
  export: 'Exporter les non envoyés',
  exportHint:
    'Un fichier avec chaque contact non envoyé et chaque brouillon, que votre organisateur envoie avec la commande de rejeu du serveur.',
  exportFailed: 'Le fichier n’a pas pu être créé.',
  storageFull:
    'Cet appareil n’a plus de place pour garder les contacts. Exportez maintenant les contacts non envoyés et les brouillons, puis libérez de l’espace (autres applications, photos, données de sites).',
  dialogHeading: 'Pas encore envoyés',
  dialogLead:
    'Chaque contact ici est gardé sur cet appareil jusqu’à ce que le serveur l’ait reçu. Chacun part tout seul\u00a0; «\u00a0Envoyer maintenant\u00a0» les essaie tous tout de suite.',
  empty: 'Plus rien à envoyer.',
  close: 'Fermer',
  unnamed: 'Contact sans nom',
  state: {
    waiting: 'En attente',
    sending: 'Envoi en cours',
    'needs-attention': 'À corriger',
    paused: 'Attend la reconnexion',
  },
  queuedAgo: (ago) => `enregistré ${ago}`,
  attempts: (n) => (n === 0 ? 'pas encore essayé' : n === 1 ? '1\u00a0essai' : `${n}\u00a0essais`),
  nextTry: (when) => `prochain essai ${when}`,
  nextTryNow: 'prochain essai maintenant',
  lastError: 'Dernière réponse',
  noAnswer: 'Pas de réponse du serveur (pas de connexion\u00a0?)',
  fix: 'Corriger',
  fixingElsewhere: 'Correction en cours dans un autre onglet\u00a0: terminez-la là-bas, ou fermez l’autre onglet pour la faire ici.',
  fixLabel: (what) => `Corriger\u00a0: ${what}`,
  fixing: 'Corrigez les champs signalés ci-dessous, puis envoyez-le de nouveau.',
  discard: 'Supprimer',
  discardLabel: (what) => `Supprimer\u00a0: ${what}`,
  discardHeading: 'Supprimer ce contact\u00a0?',
  discardBody: (what) => `«\u00a0${what}\u00a0» ne sera pas envoyé, et sera effacé de cet appareil.`,
  discardKeep: 'Le garder',
  discardConfirm: 'Le supprimer',
  discarded: (what) => `Contact supprimé\u00a0: ${what}`,
  undo: 'Annuler',
  othersWaiting: (contacts, doors) => {
    const what = [
      ...(contacts ? [contacts === 1 ? '1\u00a0contact' : `${contacts}\u00a0contacts`] : []),
      ...(doors ? [doors === 1 ? '1\u00a0porte' : `${doors}\u00a0portes`] : []),
    ].join(' et ');
    return `${what} d’un autre militant ${contacts + doors === 1 ? 'attend' : 'attendent'} d’être ${contacts + doors === 1 ? 'envoyé' : 'envoyés'} depuis cet appareil`;
  },
  signOutHeading: 'Se déconnecter\u00a0: ce que vous laissez sur cet appareil',
  signOutUnsent: (n) =>
    `${n === 1 ? '1\u00a0contact n’est' : `${n}\u00a0contacts ne sont`} pas encore ${n === 1 ? 'envoyé' : 'envoyés'}. ${n === 1 ? 'Il reste' : 'Ils restent'} sur cet appareil et ${n === 1 ? 'part' : 'partent'} à votre nom, quel que soit le prochain connecté. Le militant suivant voit combien attendent, pas ce qu’ils contiennent.`,
  signOutDrafts: (n) =>
    `${n === 1 ? '1\u00a0brouillon (un contact non terminé) reste' : `${n}\u00a0brouillons (contacts non terminés) restent`} ici pour vous, sauf si vous les supprimez\u00a0: «\u00a0Exporter et supprimer\u00a0» les enregistre d’abord dans un fichier, avec vos contacts non envoyés.`,
  signOutKeep: (drafts) => (drafts ? 'Me déconnecter, garder mes brouillons ici' : 'Me déconnecter'),
  signOutRemove: 'Exporter et supprimer mes brouillons, puis me déconnecter',
  signOutCancel: 'Rester connecté',
};
