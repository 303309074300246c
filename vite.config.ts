import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { firstScreenBoot } from './config/first-screen-boot-plugin';
import { SERVER_ROUTE_PREFIXES, serverRoutePatterns } from './src/shared/server-routes';

/** The first screen's own script (src/client/app/boot.ts): a separate entry, added to index.html
 * ahead of the main script, and told which on-demand modules to preload. */
const BOOT_ENTRY = 'src/client/app/boot.ts';
/** Loaded on demand by the main script, but needed by the first screen: boot.ts preloads their
 * chunks (and what those import) while the main script downloads, each group when it knows the
 * first screen needs it. The texts come in both languages: which one shows depends on the
 * campaign, not known yet. */
const FIRST_SCREEN_MODULES = {
  // Every screen's: the shell's and the session's texts (the sign-in screen, the signed-in bar).
  always: [
    'src/client/app/app-shell-text-en.ts',
    'src/client/app/app-shell-text-fr.ts',
    'src/client/features/session/session-text-en.ts',
    'src/client/features/session/session-text-fr.ts',
  ],
  // Someone is signed in: the contact form, its texts, the campaign's schema it is built from.
  signedIn: [
    'src/client/features/contact-form/contact-form.tsx',
    'src/client/features/contact-form/contact-form-text-en.ts',
    'src/client/features/contact-form/contact-form-text-fr.ts',
    'src/shared/campaign-schema.ts',
    // The form's sections after the door, rendered just after its first paint.
    'src/client/features/contact-form/later-sections.tsx',
  ],
  // Nobody is: the sign-in screen.
  signedOut: ['src/client/features/session/sign-in-screen.tsx'],
};

/** What the signed-in screen's modules import, in its chunk too: left to the bundler, the form's
 * modules and the small ones it shares with later parts would be half a dozen more chunks of a
 * few hundred bytes each, more requests queued on a slow network (HTTP/1.1 opens six connections
 * per server). The form's modules that load on demand (later.ts, the checks, the phone library)
 * are left out, and keep their own chunks. */
const SIGNED_IN_SCREEN_PARTS = [
  /[\\/]node_modules[\\/](zod|react-hook-form)[\\/]/,
  /[\\/]src[\\/]client[\\/]features[\\/]contact-form[\\/](?!(error-summary|sent-confirmation|tags-field|notes-field|location-button|create-contact-form-resolver|to-e164|keep-focused-field-visible|flatten-errors|map-qomon-errors|contract-messages|build-upsert-body|describe-contact|new-idempotency-key|migrate-contact-form-values)\.)/,
  /[\\/]src[\\/](client[\\/]lib[\\/](after-next-paint|storage-full-error)|shared[\\/]yes-no-values)\./,
];

// In development the Node server runs beside Vite; proxying keeps the app same-origin, as it
// is in production, so the SameSite=Strict session cookie and the CSP behave the same.
const server = 'http://127.0.0.1:8080';

// Routes the server answers itself: a navigation there (a person opening /sandbox/contacts, a
// probe) must reach the network, never get the app's page from the service worker.
const SERVER_ROUTES = serverRoutePatterns();

// changeOrigin false: the server sees the page's own Host (localhost:5173), so its Origin
// check finds the POST same-origin, as it is in production. The shorthand form turns
// changeOrigin on, and every sign-in would be refused as cross-site (403). The probes take no
// POST and keep the shorthand.
const SAME_HOST_ROUTES: readonly string[] = ['/api', '/sandbox'];
const PROXY = Object.fromEntries(
  SERVER_ROUTE_PREFIXES.map((prefix) => [prefix, SAME_HOST_ROUTES.includes(prefix) ? { target: server, changeOrigin: false } : server]),
);

export default defineConfig({
  // The path aliases (@client/…, @shared/…) are tsconfig.base.json's: written once, there.
  resolve: { tsconfigPaths: true },
  plugins: [
    react(),
    firstScreenBoot({ bootEntry: BOOT_ENTRY, firstScreenModules: FIRST_SCREEN_MODULES }),
    VitePWA({
      strategies: 'generateSW',
      // A new version waits until the canvasser accepts it (src/client/features/app-update/update-prompt.tsx): a reload
      // in the middle of a contact is never the app's own decision.
      registerType: 'prompt',
      // The app registers the worker itself, after the first render, so that workbox-window is not
      // part of the first load (and no inline script is needed: the CSP forbids one).
      injectRegister: false,
      // The icons are in the precache already (globPatterns): listing them again would only
      // duplicate entries.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Doorstep',
        short_name: 'Doorstep',
        description: 'Record the people you meet at the door, online or not.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        // The header's blue, and the page's white (src/client/app/app-shell.css).
        theme_color: '#0b3d91',
        background_color: '#ffffff',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        // The whole app, the chunks loaded on demand included (the other language's texts, the
        // form's checks, the phone library, the sign-in screens): offline, none of them can be
        // fetched later. The plugin adds manifest.webmanifest itself.
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: SERVER_ROUTES,
        // Nothing of /api is cached by the worker: the app keeps its own offline data (the
        // campaign and the last session in localStorage, contacts in IndexedDB).
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        // A new worker only takes over when the canvasser accepts it; but on the very first
        // visit (no worker before it) it takes the open page at once, so that the chunks that
        // page loads later come from the cache too.
        clientsClaim: true,
        skipWaiting: false,
      },
    }),
  ],
  server: {
    port: 5173,
    strictPort: true,
    proxy: PROXY,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inlined assets become data: URIs; the CSP allows those for images only (not fonts,
    // not scripts), so nothing is inlined and every asset is a 'self' URL.
    assetsInlineLimit: 0,
    // Every browser the app supports preloads modules natively; the polyfill would only add to
    // the first load (see the budget in README).
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        codeSplitting: {
          groups: [
            // One chunk for what boot.ts preloads (with zod, which the campaign's schema needs): on
            // HTTP/1.1 a browser opens six connections per server, and a handful of small chunks
            // beside the main script and the two API calls would queue behind one another.
            {
              name: 'first-screen',
              includeDependenciesRecursively: false,
              test: (id: string) => FIRST_SCREEN_MODULES.always.some((m) => id.endsWith(m)),
            },
            {
              name: 'signed-in-screen',
              includeDependenciesRecursively: false,
              test: (id: string) =>
                FIRST_SCREEN_MODULES.signedIn.some((m) => id.endsWith(m)) || SIGNED_IN_SCREEN_PARTS.some((pattern) => pattern.test(id)),
            },
          ],
        },
      },
    },
  },
});
