import { createContext, type FormEvent, type ReactNode, use } from 'react';

/** The sections whose text fields belong to a form of their own. */
export const FIELD_GROUPS = ['door', 'person', 'reach', 'consents', 'support', 'tags', 'notes', 'advanced'] as const;
export type FieldGroupId = (typeof FIELD_GROUPS)[number];

const Group = createContext<FieldGroupId | undefined>(undefined);

const ownerId = (group: FieldGroupId) => `contact-form-fields-${group}`;

/** The text fields inside are owned by their group's form (see `FieldGroupForms`). */
export function FieldGroup({ id, children }: { id: FieldGroupId; children: ReactNode }) {
  return <Group value={id}>{children}</Group>;
}

/** The `form` attribute of a text field: its group's form, or none (the form it sits in) outside a group. */
export function useFieldFormOwner(): string | undefined {
  const group = use(Group);
  return group && ownerId(group);
}

const keep = (event: FormEvent) => event.preventDefault();

/** One empty form per group, after the contact form (forms do not nest), owning that group's text
 * fields through their `form` attribute
 * (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#reset-the-form-owner).
 * On each keystroke in an input, and each caret move in a textarea, Chrome's autofill reads every
 * field of the field's form, with a forced layout per field (`AutofillAgent`,
 * https://source.chromium.org/chromium/chromium/src/+/main:components/autofill/content/renderer/autofill_agent.cc).
 * Owned by the whole contact form, that is over a hundred fields per keystroke; owned by a group,
 * a section's (the address's 16, the most with the example campaign; bench/README.md, "typing"). Nothing here needs the DOM's form
 * owner: react-hook-form keeps the values and listens to the contact form's submit, and Enter and
 * focus handling walk the DOM tree. Enter is kept from submitting a group's form all the same. */
export function FieldGroupForms() {
  return FIELD_GROUPS.map((group) => <form key={group} id={ownerId(group)} onSubmit={keep} />);
}
