// The session screens' English texts; their type is every language's.

export const sessionTextEn = {
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
  sessionEndedHeading: 'Sign in again',
  sessionEndedLead: 'Your session has ended. Sign in again to carry on: everything you typed is kept.',
};

export type SessionText = typeof sessionTextEn;
