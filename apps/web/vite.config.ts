import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` uses :5173 and the server on :3000; API_PORT lets several run side by side.
const api = `http://localhost:${process.env.API_PORT ?? '3000'}`;
const contracts = fileURLToPath(new URL('../../packages/contracts/src/index.ts', import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@meridian/contracts': contracts } },
  server: {
    port: 5173,
    // Tricky: keep the browser's Host header (changeOrigin: false), so the server's CSRF
    // Origin check sees origin and host agree (http://localhost:5173) and lets writes through.
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
      '/readyz': { target: api, changeOrigin: false },
    },
  },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1500 },
});
