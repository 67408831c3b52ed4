/** What vite.config.ts defines at build time (see shippedFiles.ts); absent outside a build. */
interface ImportMetaEnv {
  readonly VITE_SHIPS_REGISTRY?: boolean;
  readonly VITE_SHIPS_SEGMENTS?: boolean;
  readonly VITE_SHIPS_OUT_OF_SAMPLE?: boolean;
  readonly VITE_SHIPS_CHALLENGER?: boolean;
  readonly VITE_SHIPS_PORTFOLIO_MANIFEST?: boolean;
}
