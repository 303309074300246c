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
      '/api': server,
      '/sandbox': server,
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
  },
});
