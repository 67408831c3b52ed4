import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.spec.ts', 'tests/**/*.spec.tsx'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Training tests start TF.js workers: keep files from competing for the two cores.
    fileParallelism: false,
  },
});
