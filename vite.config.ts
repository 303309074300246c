import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the Node server runs beside Vite; proxying keeps the app same-origin, as it
// is in production, so the SameSite=Strict session cookie and the CSP behave the same.
const server = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
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
