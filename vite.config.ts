import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// In development the Node server runs beside Vite; proxying keeps the app same-origin, as it
// is in production, so the SameSite=Strict session cookie and the CSP behave the same.
const server = 'http://127.0.0.1:8080';

// Routes the server answers itself: a navigation there (a person opening /sandbox/contacts, a
// probe) must reach the network, never get the app's page from the service worker.
const SERVER_ROUTES = [/^\/api(\/|$)/, /^\/sandbox(\/|$)/, /^\/healthz(\/|$)/, /^\/readyz(\/|$)/];

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      // A new version waits until the canvasser accepts it (src/client/update-prompt.tsx): a reload
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
        // The header's blue, and the page's white (src/client/app-shell.css).
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
    proxy: {
      // changeOrigin false: the server sees the page's own Host (localhost:5173), so its Origin
      // check finds the POST same-origin, as it is in production. The shorthand form turns
      // changeOrigin on, and every sign-in would be refused as cross-site (403).
      '/api': { target: server, changeOrigin: false },
      '/sandbox': { target: server, changeOrigin: false },
      '/healthz': server,
      '/readyz': server,
    },
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
  },
});
