import type { DeviceStatusText } from './device-status-text-en';
import { defineTexts, useText } from '@client/lib/ui-language';

export type { DeviceStatusText };

// One module per language, loaded on demand: the page does not carry the language not shown.
const texts = defineTexts<DeviceStatusText>({
  en: () => import('./device-status-text-en').then((m) => m.deviceStatusTextEn),
  fr: () => import('./device-status-text-fr').then((m) => m.deviceStatusTextFr),
});

export function useDeviceStatusText(): DeviceStatusText {
  return useText(texts);
}
