import type { DeviceStatusText } from './device-status-text-en';

// French typography wants a non-breaking space before a colon.
export const deviceStatusTextFr: DeviceStatusText = {
  offline: 'Hors ligne',
  storageKept: 'Stockage\u00a0: conservé sur cet appareil',
  storageAtRisk: 'Stockage\u00a0: effaçable par le navigateur',
};
