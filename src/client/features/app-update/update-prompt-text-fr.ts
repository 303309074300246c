import type { UpdatePromptText } from './update-prompt-text-en';

export const updatePromptTextFr: UpdatePromptText = {
  regionLabel: 'Nouvelle version',
  ready: 'Une nouvelle version de Doorstep est prête.',
  readyActivated: 'Doorstep a été mis à jour dans un autre onglet. Rechargez celui-ci pour terminer.',
  update: 'Mettre à jour',
  reload: 'Recharger',
  updating: 'Mise à jour…',
  later: 'Plus tard',
  offlineReady: 'Prêt à fonctionner hors ligne.',
  readyOffline: 'Prêt à fonctionner hors ligne',
  notReadyOffline: 'Pas encore prêt à fonctionner hors ligne\u00a0: restez en ligne encore un moment.',
};
