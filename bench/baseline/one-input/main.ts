// The baseline of the typing row: one controlled React 19 input (state updated on every
// keystroke, as a form library's field is), and nothing else.
import { createElement as h, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

function OneInput() {
  const [value, setValue] = useState('');
  return h(
    'main',
    null,
    h(
      'form',
      { onSubmit: (e: { preventDefault(): void }) => e.preventDefault() },
      h('label', { htmlFor: 'notes' }, 'Notes'),
      h('input', {
        id: 'notes',
        name: 'notes',
        type: 'text',
        value,
        onChange: (e: { target: { value: string } }) => setValue(e.target.value),
      }),
    ),
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(h(StrictMode, null, h(OneInput)));
