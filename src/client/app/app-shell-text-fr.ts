import type { AppShellText } from './app-shell-text-en';

export const appShellTextFr: AppShellText = {
  appName: 'Doorstep',
  console: 'Console',
  loading: 'Chargement…',
  waitingForNetwork: 'Pas de connexion. Doorstep reprendra dès le retour du réseau.',
  serverUnreachable: 'Doorstep ne parvient pas à joindre son serveur pour le moment.',
  campaignUnavailable: 'La campagne n’a pas pu être chargée.',
  sandboxBanner: 'Démo : rien ne part vers Qomon',
  retry: 'Réessayer',
};
