// The baseline of the bundle and cold-load rows: React 19 and nothing else, rendering one field,
// built by the same Vite as the app. No JSX, so that it type-checks under the tooling config.
import { createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (!root) throw new Error('no #root');

createRoot(root).render(
  h(
    StrictMode,
    null,
    h(
      'main',
      null,
      h('h1', null, 'Bare React page'),
      h(
        'form',
        { onSubmit: (e: { preventDefault(): void }) => e.preventDefault() },
        h('label', { htmlFor: 'name' }, 'Name'),
        h('input', { id: 'name', name: 'name', type: 'text' }),
      ),
    ),
  ),
);
