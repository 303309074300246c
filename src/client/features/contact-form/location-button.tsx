import { useState } from 'react';
import type { ContactFormText } from './contact-form-text';
import type { ContactForm } from './text-field';

type LocationState = 'idle' | 'locating' | 'located' | 'denied' | 'failed';

/** "Use my location": the device's position into latitude and longitude, as the strings Qomon
 * wants (six decimals: about 10 cm, more than a phone can tell). */
export function LocationButton({ form, text }: { form: ContactForm; text: ContactFormText }) {
  const [state, setState] = useState<LocationState>('idle');

  function locate() {
    if (state === 'locating') return;
    if (!('geolocation' in navigator)) {
      setState('failed');
      return;
    }
    setState('locating');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const options = { shouldDirty: true, shouldValidate: form.formState.isSubmitted };
        form.setValue('address.latitude', position.coords.latitude.toFixed(6), options);
        form.setValue('address.longitude', position.coords.longitude.toFixed(6), options);
        setState('located');
      },
      (error) => setState(error.code === error.PERMISSION_DENIED ? 'denied' : 'failed'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  const message = { idle: '', locating: text.locating, located: text.located, denied: text.locationDenied, failed: text.locationFailed }[
    state
  ];
  return (
    <div className="field field--full location">
      {/* aria-disabled rather than disabled: a disabled button would drop the keyboard focus. */}
      <button type="button" className="button button--secondary" onClick={locate} aria-disabled={state === 'locating' || undefined}>
        {text.useLocation}
      </button>
      <p className="location__status" role="status">
        {message}
      </p>
    </div>
  );
}
