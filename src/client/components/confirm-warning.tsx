import { ChoiceDialog } from './choice-dialog';

/** A question asked before something the canvasser may regret (signing out with contacts waiting,
 * deleting a contact that needs fixing): a yes-or-no ChoiceDialog, the safe choice first and
 * focused, so that an Enter pressed out of habit keeps things as they are; Escape or closing the
 * dialog answers it too. */
export function ConfirmWarning(props: {
  heading: string;
  body: string;
  keepLabel: string;
  confirmLabel: string;
  onAnswer: (confirmed: boolean) => void;
}) {
  return (
    <ChoiceDialog
      heading={props.heading}
      body={[props.body]}
      choices={[
        { value: 'keep', label: props.keepLabel },
        { value: 'confirm', label: props.confirmLabel },
      ]}
      onAnswer={(answer) => props.onAnswer(answer === 'confirm')}
    />
  );
}
