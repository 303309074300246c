import { languageStore, UI_LANGUAGES, useUiLanguage } from '@client/lib/ui-language';

const NAMES = { fr: 'Français', en: 'English' } as const;
const CODES = { fr: 'FR', en: 'EN' } as const;

/** FR/EN, always in sight, small enough to sit beside the brand on a phone. Each name is spoken in
 * its own language, so that whoever picks up the tablet hears the one they need. The choice is kept
 * on the device. */
export function LanguageSwitch() {
  const current = useUiLanguage();
  return (
    <div className="language-switch" role="group" aria-label="Langue / Language">
      {UI_LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          className="language-switch__option"
          lang={language}
          aria-pressed={language === current}
          aria-label={`${CODES[language]}, ${NAMES[language]}`}
          onClick={() => languageStore.choose(language)}
        >
          {CODES[language]}
        </button>
      ))}
    </div>
  );
}
