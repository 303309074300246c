import type { Resolver } from 'react-hook-form';
import type { ContactFormValues } from './contact-form-values';
import type { ContactFormResolverOptions } from './create-contact-form-resolver';

type Validation = typeof import('./create-contact-form-resolver');

let loading: Promise<Validation> | undefined;

/** The form's validation (the shared contract, zod, the campaign check, the messages) is not
 * needed to show the form and type into it, only at the first blur or Send: it loads after the
 * first screen, keeping the page's first load small. A failed load is tried again next time. */
export function loadContactFormValidation(): Promise<Validation> {
  loading ??= import('./create-contact-form-resolver').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** A resolver that loads the real one on first use. Should it fail to load (offline before it
 * ever did), the contact is held back with a message, never sent unchecked. */
export function lazyContactFormResolver(options: ContactFormResolverOptions): Resolver<ContactFormValues> {
  let resolver: Resolver<ContactFormValues> | undefined;
  return async (values, context, resolverOptions) => {
    try {
      resolver ??= (await loadContactFormValidation()).createContactFormResolver(options);
    } catch {
      return { values: {}, errors: { root: { notLoaded: { type: 'summary', message: options.text.errors.notLoaded } } } };
    }
    return resolver(values, context, resolverOptions);
  };
}
