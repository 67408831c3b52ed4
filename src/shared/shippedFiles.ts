/**
 * Optional files this build ships, found by vite.config.ts at build time, so that the app never
 * asks a static host for a file it lacks: GitHub Pages answers 404, which the browser logs as an
 * error. Where the build did not say (tests, a build without the flags), the app asks.
 */
export const SHIPPED = {
  /** model/registry.json: the model came from the MLflow registry. */
  registry: import.meta.env.VITE_SHIPS_REGISTRY !== false,
  /** model/out-of-sample.json: the rows metrics.json was measured on (else inline in it). */
  outOfSample: import.meta.env.VITE_SHIPS_OUT_OF_SAMPLE !== false,
  /** model/segments.json. */
  segments: import.meta.env.VITE_SHIPS_SEGMENTS !== false,
  /** challenger/: a second model to compare with. */
  challenger: import.meta.env.VITE_SHIPS_CHALLENGER !== false,
  /** snapshot/customers.snapshot.json: a portfolio in parts, with its manifest. */
  portfolioManifest: import.meta.env.VITE_SHIPS_PORTFOLIO_MANIFEST !== false,
} as const;
