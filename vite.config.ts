import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { MODEL_CACHE, PORTFOLIO_CACHE } from './src/shared/cacheNames';

// RETEM_BASE sets the path the app is served under, e.g. "/retem/" on GitHub Pages.
const base = process.env['RETEM_BASE'] ?? '/';
// RETEM_PUBLIC_DIR builds with another model and portfolio (the scale benchmark's).
const publicDir = process.env['RETEM_PUBLIC_DIR'] ?? 'public';
/** Whether the build ships an optional file (see src/shared/shippedFiles.ts). */
const ships = (path: string) => JSON.stringify(existsSync(join(publicDir, path)));
/**
 * Build files a first visit never fetches in a browser with workers and WebAssembly SIMD (a regular
 * expression literal, since the service worker gets its source).
 */
const ONLY_IF_NEEDED =
  /(?:^|\/)assets\/(?:tfjs-backend-wasm-(?:threaded-simd-)?[\w-]{8}\.wasm|(?:mainThreadHost|cpuFallback)-[\w-]{8}\.js)$/;

const GZIP_QUERY = '?gzip';

/**
 * `import url from 'file?gzip'`: the build emits the file gzip-compressed (level 9) and gives its
 * URL, so that it travels compressed from any static host, whatever the host compresses; the page
 * unpacks it (see features/inference/backend.ts). The dev server gives the plain file's URL.
 */
function gzipAssetUrls(): Plugin {
  let serving = false;
  return {
    name: 'retem-gzip-asset-urls',
    enforce: 'pre',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    async resolveId(source, importer) {
      if (!source.endsWith(GZIP_QUERY)) return null;
      const resolved = await this.resolve(source.slice(0, -GZIP_QUERY.length), importer, {
        skipSelf: true,
      });
      return resolved === null ? null : `${resolved.id}${GZIP_QUERY}`;
    },
    load(id) {
      if (!id.endsWith(GZIP_QUERY)) return null;
      const file = id.slice(0, -GZIP_QUERY.length);
      if (serving) return `export default ${JSON.stringify(`/@fs${file}`)};`;
      const reference = this.emitFile({
        type: 'asset',
        name: `${basename(file)}.gz`,
        source: gzipSync(readFileSync(file), { level: 9 }),
      });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
  };
}

export default defineConfig({
  base,
  publicDir,
  define: {
    'import.meta.env.VITE_SHIPS_REGISTRY': ships('model/registry.json'),
    'import.meta.env.VITE_SHIPS_SEGMENTS': ships('model/segments.json'),
    'import.meta.env.VITE_SHIPS_OUT_OF_SAMPLE': ships('model/out-of-sample.json'),
    'import.meta.env.VITE_SHIPS_CHALLENGER': ships('challenger/metrics.json'),
    'import.meta.env.VITE_SHIPS_PORTFOLIO_MANIFEST': ships('snapshot/customers.snapshot.json'),
  },
  plugins: [
    gzipAssetUrls(),
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      // The app registers the service worker itself once it has started (see main.tsx).
      injectRegister: false,
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
        globPatterns: ['**/*.{js,css,html,wasm,gz,json,bin,md,svg}'],
        // The model directory is also an MLflow model; the app never reads its Python side. The
        // portfolio is not precached: the page downloads it once anyway, and at a million
        // customers it is tens of MB.
        // The model's files are not precached either: a precache fetches each file it revisions
        // again, bypassing the HTTP cache, on top of the page's own fetch (hundreds of kB twice on
        // a first visit); the page puts what it fetched into the model's runtime cache instead.
        globIgnores: [
          '**/model/**',
          '**/snapshot/**',
          // A challenger shipped for comparison is read only when the analyst asks for it.
          '**/challenger/**',
        ],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        // What a first visit runs is precached; what it never fetches is not (the threaded and the
        // non-SIMD wasm builds, the cpu backend used only where wasm fails, and the main-thread
        // fallback used only where workers fail): those
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
            options: { cacheName: PORTFOLIO_CACHE },
          },
          {
            urlPattern: ({ url }) => url.pathname.includes('/model/'),
            handler: 'NetworkFirst',
            options: { cacheName: MODEL_CACHE },
          },
        ],
      },
    }),
  ],
  worker: { format: 'es', plugins: () => [gzipAssetUrls()] },
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
