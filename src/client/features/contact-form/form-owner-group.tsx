import { createContext, type FormEvent, type ReactNode, use } from 'react';

/** The sections with text fields (and the advanced fields): the text fields of each belong to a
 * form of that group's own. */
export const FORM_OWNER_GROUPS = ['door', 'person', 'reach', 'support', 'tags', 'notes', 'advanced'] as const;
export type FormOwnerGroupId = (typeof FORM_OWNER_GROUPS)[number];

export const isFormOwnerGroup = (id: string): id is FormOwnerGroupId => (FORM_OWNER_GROUPS as readonly string[]).includes(id);

const Group = createContext<FormOwnerGroupId | undefined>(undefined);

const ownerId = (group: FormOwnerGroupId) => `contact-form-fields-${group}`;

/** The text fields inside are owned by their group's form (see `FormOwnerForms`). */
export function FormOwnerGroup({ id, children }: { id: FormOwnerGroupId; children: ReactNode }) {
  return <Group value={id}>{children}</Group>;
}

/** The `form` attribute of a text field: its group's form, or none (the form it sits in) outside a group. */
export function useFormOwner(): string | undefined {
  const group = use(Group);
  return group && ownerId(group);
}

const preventSubmit = (event: FormEvent) => event.preventDefault();

/** One empty form per group, after the contact form (forms do not nest), owning that group's text
 * fields through their `form` attribute
 * (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#reset-the-form-owner).
 * On each keystroke in an input, and each caret move in a textarea, Chrome's autofill reads every
 * field of the field's form, with a forced layout per field (`AutofillAgent`,
 * https://source.chromium.org/chromium/chromium/src/+/main:components/autofill/content/renderer/autofill_agent.cc).
 * Owned by the whole contact form, that is over a hundred fields per keystroke; owned by a group,
 * a section's: the address's 16 with the example campaign (a campaign's own text fields, all in
 * "support", share one). Nothing here needs the DOM's form owner: react-hook-form keeps the values
 * and listens to the contact form's submit, and Enter and focus handling walk the DOM tree. One
 * thing would: a native `form.reset()` of the contact form skips these fields, and
 * react-hook-form's `reset()` calls it when given no values (every call here gives them). Enter is
 * kept from submitting a group's form all the same. */
export function FormOwnerForms() {
  return FORM_OWNER_GROUPS.map((group) => <form key={group} id={ownerId(group)} onSubmit={preventSubmit} />);
}
