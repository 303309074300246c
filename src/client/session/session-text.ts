import { pickText } from '../ui-language';

const en = {
  signInHeading: 'Sign in',
  accessCodeLabel: 'Access code',
  accessCodeHint: 'The code your campaign organiser gave you.',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  emptyCode: 'Enter your access code.',
  wrongCode: 'Wrong code. Check it and try again.',
  malformedCode: 'This is not an access code. Check it and try again.',
  tooManyAttempts: (wait: string) => `Too many attempts. Wait ${wait} and try again.`,
  tooManyAttemptsNoDelay: 'Too many attempts. Wait a moment and try again.',
  noConnection: 'No connection to the server. Check your signal and try again.',
  serverError: 'The server could not sign you in. Try again in a moment.',
  seconds: (n: number) => `${n} s`,
  minutes: (n: number) => `${n} min`,
  signedInAs: 'Signed in as',
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  signOutFailed: 'Could not sign out. Check your connection and try again.',
};

// French typography wants a non-breaking space between a number and its unit.
const fr: typeof en = {
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
};

export type SessionText = typeof en;

export const sessionText: SessionText = pickText({ en, fr });
