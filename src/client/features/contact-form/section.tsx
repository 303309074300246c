import type { ReactNode } from 'react';
import { FormOwnerGroup, isFormOwnerGroup } from './form-owner-group';

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="form-section" aria-labelledby={`section-${id}`}>
      <h2 className="form-section__heading" id={`section-${id}`}>
        {title}
      </h2>
      {isFormOwnerGroup(id) ? <FormOwnerGroup id={id}>{children}</FormOwnerGroup> : children}
    </section>
  );
}
