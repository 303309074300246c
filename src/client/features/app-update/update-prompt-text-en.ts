// The update banner's English texts; their type is every language's.

export const updatePromptTextEn = {
  regionLabel: 'New version',
  ready: 'A new version of Doorstep is ready.',
  readyActivated: 'Doorstep was updated in another tab. Reload this one to finish.',
  update: 'Update',
  reload: 'Reload',
  updating: 'Updating…',
  later: 'Later',
  offlineReady: 'Ready to work offline.',
  readyOffline: 'Ready to work offline',
  notReadyOffline: 'Not ready to work offline yet: stay online a moment longer.',
};

export type UpdatePromptText = typeof updatePromptTextEn;
