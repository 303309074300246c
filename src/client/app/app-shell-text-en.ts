// The app shell's English texts; their type is every language's.

export const appShellTextEn = {
  appName: 'Doorstep',
  console: 'Console',
  loading: 'Loading…',
  waitingForNetwork: 'No connection. Doorstep will carry on as soon as the network is back.',
  serverUnreachable: 'Doorstep cannot reach its server right now.',
  campaignUnavailable: 'The campaign could not be loaded.',
  sandboxBanner: 'Demo: nothing goes to Qomon',
  retry: 'Try again',
};

export type AppShellText = typeof appShellTextEn;
