// Lint rules that hold the architecture by themselves (docs/architecture.md): imports run
// client → shared ← server, client and server never import each other, features never import one
// another (the app composes them, through each feature's entry points), lib/ and components/
// import no feature, production code never imports the test harness.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// A feature is one element per folder (the pattern names the folder, not its files; captured):
// what it imports from its own folder is not a dependency between elements, so "features never
// import one another" is simply no rule allowing client-feature → client-feature. (Matched file
// by file instead, each file was an element of its own, and only the plugin's cache, keyed by
// type and captured values, made a feature's own imports pass; the entry points below need the
// file's path inside its feature, which only the folder match gives.)
const elements = [
  { type: 'shared', pattern: 'src/shared/**', partialMatch: false },
  { type: 'client-env', pattern: 'src/client/env*', partialMatch: false },
  { type: 'client-app', pattern: 'src/client/app/**', partialMatch: false },
  { type: 'client-lib', pattern: 'src/client/lib/**', partialMatch: false },
  { type: 'client-component', pattern: 'src/client/components/**', partialMatch: false },
  { type: 'client-feature', pattern: 'src/client/features/*', capture: ['feature'] },
  { type: 'server', pattern: 'src/server/**', partialMatch: false },
  { type: 'test-support', pattern: 'test/support/**', partialMatch: false },
];

const CLIENT_BASE = ['shared', 'client-env', 'client-lib'];
/** Who may import whom; anything not listed is refused. */
const ALLOWED = {
  shared: ['shared'],
  'client-env': [],
  'client-lib': CLIENT_BASE,
  'client-component': [...CLIENT_BASE, 'client-component'],
  'client-feature': [...CLIENT_BASE, 'client-component'],
  // And the features' entry points only (FEATURE_ENTRIES).
  'client-app': [...CLIENT_BASE, 'client-component', 'client-app'],
  server: ['shared', 'server'],
  'test-support': ['shared', 'server', 'test-support'],
};

/** Each feature's composition points: the files of its folder that the app shell may import (it
 * composes the features; nothing else may import one). The rest of a feature's folder is its own:
 * the shell reaching past these into a feature's internals is refused, and a new entry point is a
 * deliberate line here rather than an import that slips in. */
const FEATURE_ENTRIES = {
  'app-update': ['offline-readiness', 'update-prompt'],
  campaign: ['use-campaign'],
  console: ['console', 'console-text'],
  'contact-form': ['contact-form', 'contact-form-values', 'describe-contact', 'migrate-contact-form-values', 'new-idempotency-key'],
  'device-status': ['device-status'],
  drafts: ['create-draft-autosave', 'create-draft-claims', 'drafts-panel', 'drafts-store'],
  outbox: ['outbox-status-bar', 'outbox-store', 'outbox-sync', 'outbox-text', 'outbox-view', 'use-outbox-sync'],
  session: ['kept-session', 'session-api', 'session-bar', 'sign-in-dialog', 'sign-in-screen', 'use-session'],
  'walk-list': ['door-for-address', 'door-label', 'use-turfs', 'visit-undo', 'walk-list-screen', 'walk-list-text'],
};

const featureEntryPolicies = Object.entries(FEATURE_ENTRIES).map(([feature, files]) => ({
  from: { element: { type: 'client-app' } },
  allow: {
    to: { element: { type: 'client-feature', captured: { feature }, fileInternalPath: files.map((f) => `${f}.{ts,tsx}`) } },
  },
}));

const dependencies = (allowed) => [
  'error',
  {
    default: 'disallow',
    message:
      '{{from.type}} may not import {{to.type}} {{to.path}}/{{to.fileInternalPath}} (docs/architecture.md, "Folders and their rules"; a feature\'s entry points: FEATURE_ENTRIES in eslint.config.js)',
    policies: [
      ...Object.entries(allowed).map(([from, to]) => ({
        from: { element: { type: from } },
        allow: { to: { element: { types: { anyOf: to } } } },
      })),
      ...featureEntryPolicies,
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-server/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_`-prefixed parameters are kept for their position (callbacks that ignore an argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A `let` read by a closure made before its one assignment (a callback wired up before the
      // object it calls exists) cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests read answers whose shape is what they check: `any` there is the point, not a leak.
    files: ['**/*.test.ts', 'test/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'test/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/include': ['src/**/*', 'test/**/*'],
      'import/resolver': { typescript: { project: './tsconfig.base.json' }, node: true },
    },
    rules: {
      'boundaries/dependencies': dependencies(ALLOWED),
      // Moving a file must not rewrite `../../` chains: anything outside the file's folder goes
      // through an alias (@client/…, @server/…, @shared/…, @test-support/…).
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*'], message: 'Import through a path alias (tsconfig.base.json), not ../' }] },
      ],
    },
  },
  {
    // Tests may use the harness; production files may not (the rule above has no entry for it).
    files: ['src/**/*.test.ts'],
    rules: {
      'boundaries/dependencies': dependencies({ ...ALLOWED, server: [...ALLOWED.server, 'test-support'] }),
    },
  },
  prettier,
);
