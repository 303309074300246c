import { useDeviceStatusText } from './device-status-text';
import { useOnline } from '@client/lib/use-online';
import { usePersistentStorage } from './use-persistent-storage';
import './device-status.css';

/** One small line under the session bar: "Offline" while the device has no network, and whether
 * the browser keeps the app's storage (asked once signed in). */
export function DeviceStatus() {
  const text = useDeviceStatusText();
  const online = useOnline();
  const storage = usePersistentStorage();
  return (
    <p className="device-status">
      {/* Always there, so that going offline is announced; a live region rather than a status
          role, which other parts of the screen use for their own messages. */}
      <span aria-live="polite">{!online && <span className="device-status__offline">{text.offline}</span>}</span>
      {storage && <span className="device-status__storage">{storage === 'kept' ? text.storageKept : text.storageAtRisk}</span>}
    </p>
  );
}
