import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// RETEM_BASE sets the path the app is served under, e.g. "/retem/" on GitHub Pages.
const base = process.env['RETEM_BASE'] ?? '/';

export default defineConfig({
  base,
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      manifest: {
        name: 'Retém',
        short_name: 'Retém',
        description: 'Churn-profit tool for retention campaigns',
        theme_color: '#0b6e4f',
        background_color: '#f6f8f7',
        display: 'standalone',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,json,bin,md,snapshot,svg}'],
        // The model directory is also an MLflow model; the app never reads its Python side.
        globIgnores: ['**/model/*input_example.json'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
      },
    }),
  ],
  worker: { format: 'es' },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-cpu',
      'idb',
      'papaparse',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
