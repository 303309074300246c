import { pickText } from './ui-language';

const en = {
  appName: 'Doorstep',
  loading: 'Loading…',
  waitingForNetwork: 'No connection. Doorstep will carry on as soon as the network is back.',
  serverUnreachable: 'Doorstep cannot reach its server right now.',
  campaignUnavailable: 'The campaign could not be loaded.',
  retry: 'Try again',
  formComingSoon: 'You are ready. The contact form will appear here.',
};

const fr: typeof en = {
  appName: 'Doorstep',
  loading: 'Chargement…',
  waitingForNetwork: 'Pas de connexion. Doorstep reprendra dès le retour du réseau.',
  serverUnreachable: 'Doorstep ne parvient pas à joindre son serveur pour le moment.',
  campaignUnavailable: 'La campagne n’a pas pu être chargée.',
  retry: 'Réessayer',
  formComingSoon: 'Tout est prêt. Le formulaire de contact apparaîtra ici.',
};

export const appShellText: typeof en = pickText({ en, fr });
