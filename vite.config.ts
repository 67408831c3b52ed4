import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// RETEM_BASE sets the path the app is served under, e.g. "/retem/" on GitHub Pages.
const base = process.env['RETEM_BASE'] ?? '/';
/**
 * Build files a first visit never fetches in a browser with workers and WebAssembly SIMD (a regular
 * expression literal, since the service worker gets its source).
 */
const ONLY_IF_NEEDED =
  /(?:^|\/)assets\/(?:tfjs-backend-wasm-(?:threaded-simd-)?[\w-]{8}\.wasm|host-[\w-]{8}\.js)$/;

export default defineConfig({
  base,
  // RETEM_PUBLIC_DIR builds with another model and portfolio (the scale benchmark's).
  publicDir: process.env['RETEM_PUBLIC_DIR'] ?? 'public',
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
        globPatterns: ['**/*.{js,css,html,wasm,json,bin,md,svg}'],
        // The model directory is also an MLflow model; the app never reads its Python side. The
        // portfolio is not precached: the page downloads it once anyway, and at a million
        // customers it is tens of MB.
        // The segments file (a few hundred kB) is read only by the segments view: cached when it is.
        globIgnores: [
          '**/model/*input_example.json',
          '**/model/segments.json',
          '**/snapshot/**',
          // A challenger shipped for comparison is read only when the analyst asks for it.
          '**/challenger/**',
        ],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        // What a first visit runs is precached; what it never fetches is not (the threaded and the
        // non-SIMD wasm builds, and the main-thread fallback used only where workers fail): those
        // are cached when a browser does fetch them.
        manifestTransforms: [
          (entries) => ({
            manifest: entries.filter((entry) => !ONLY_IF_NEEDED.test(entry.url)),
            warnings: [],
          }),
        ],
        // The portfolio and its manifest: from the network first (a new build's portfolio is seen
        // at once), kept as fetched so that the app still starts offline after one visit.
        runtimeCaching: [
          {
            urlPattern: ONLY_IF_NEEDED,
            handler: 'CacheFirst',
            options: { cacheName: 'retem-fallbacks' },
          },
          {
            urlPattern: ({ url }) =>
              url.pathname.endsWith('/model/segments.json') ||
              url.pathname.includes('/challenger/'),
            handler: 'NetworkFirst',
            options: { cacheName: 'retem-segments' },
          },
          {
            urlPattern: ({ url }) => url.pathname.includes('/snapshot/'),
            handler: 'NetworkFirst',
            options: { cacheName: 'retem-portfolio' },
          },
        ],
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
