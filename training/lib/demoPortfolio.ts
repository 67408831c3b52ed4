/**
 * What a build does about the portfolio in public/snapshot: keep it when its manifest names the
 * model's schema, build the demo's when the model is the demo's, and otherwise refuse with one
 * line that says what is wrong and how to fix it (never a stack trace, never the demo's customers
 * written over a bank's portfolio).
 */

/** What the build finds in public/. */
export interface PortfolioState {
  /** Files in public/snapshot (any name). */
  readonly snapshotFiles: readonly string[];
  /** The manifest beside customers.snapshot: absent, not readable as one, or its schema. */
  readonly manifest: 'absent' | 'unreadable' | { readonly schemaHash: string };
  readonly modelSchemaHash: string;
  /** The model in public/model was trained on the demo's twin customers. */
  readonly modelIsDemo: boolean;
}

export type PortfolioPlan =
  | { readonly action: 'keep' }
  | { readonly action: 'build-demo' }
  | { readonly action: 'refuse'; readonly message: string };

const FIX =
  'Build it with `npm run snapshot -- --model public/model --data <customers.csv> --out public/snapshot/customers.snapshot` (it writes the manifest beside it), or build without a portfolio: `RETEM_PORTFOLIO=none npm run build`.';

/** The plan for a state; pure. */
export function portfolioPlan(state: PortfolioState): PortfolioPlan {
  const { manifest } = state;
  if (typeof manifest === 'object' && manifest.schemaHash === state.modelSchemaHash) {
    return { action: 'keep' };
  }
  if (state.modelIsDemo) return { action: 'build-demo' };
  const problem =
    manifest === 'absent'
      ? state.snapshotFiles.length > 0
        ? 'public/snapshot holds customers but no manifest (customers.snapshot.json)'
        : 'public/model is not the demo model, and public/snapshot holds no portfolio for it'
      : manifest === 'unreadable'
        ? 'public/snapshot/customers.snapshot.json is not a portfolio manifest this version reads'
        : `the portfolio in public/snapshot was built for another model (schema ${manifest.schemaHash.slice(0, 12)}…; public/model's is ${state.modelSchemaHash.slice(0, 12)}…)`;
  return { action: 'refuse', message: `${problem}. ${FIX}` };
}
