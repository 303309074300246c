// The device status line's English texts; their type is every language's.

export const deviceStatusTextEn = {
  offline: 'Offline',
  storageKept: 'Storage: kept on this device',
  storageAtRisk: 'Storage: may be cleared by the browser',
};

export type DeviceStatusText = typeof deviceStatusTextEn;
