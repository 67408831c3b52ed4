/** The offline copy's runtime caches, by name: vite.config.ts routes requests to them, the page fills them. */

/** The model's files (/model/). */
export const MODEL_CACHE = 'retem-model';
/** The portfolio's manifest (/snapshot/). */
export const PORTFOLIO_CACHE = 'retem-portfolio';
