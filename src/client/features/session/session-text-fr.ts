import type { SessionText } from './session-text-en';

// French typography wants a non-breaking space between a number and its unit.
export const sessionTextFr: SessionText = {
  signInHeading: 'Connexion',
  accessCodeLabel: 'Code d’accès',
  accessCodeHint: 'Le code donné par l’équipe de campagne.',
  signIn: 'Se connecter',
  signingIn: 'Connexion…',
  emptyCode: 'Saisissez votre code d’accès.',
  wrongCode: 'Code incorrect. Vérifiez-le et réessayez.',
  malformedCode: 'Ce n’est pas un code d’accès. Vérifiez-le et réessayez.',
  tooManyAttempts: (wait) => `Trop de tentatives. Attendez ${wait} avant de réessayer.`,
  tooManyAttemptsNoDelay: 'Trop de tentatives. Attendez un moment avant de réessayer.',
  noConnection: 'Pas de connexion au serveur. Vérifiez le réseau et réessayez.',
  serverError: 'Le serveur n’a pas pu vous connecter. Réessayez dans un instant.',
  seconds: (n) => `${n}\u00a0s`,
  minutes: (n) => `${n}\u00a0min`,
  signedInAs: 'Session de',
  signOut: 'Se déconnecter',
  signingOut: 'Déconnexion…',
  signOutFailed: 'Déconnexion impossible. Vérifiez le réseau et réessayez.',
  sessionEndedHeading: 'Reconnectez-vous',
  sessionEndedLead: 'Votre session a expiré. Reconnectez-vous pour continuer\u00a0: tout ce que vous avez saisi est conservé.',
};
