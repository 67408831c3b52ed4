/** Profit, expected profit, thresholds, the decision rule, decisions and curves. This index is the folder's public face. */
export * from './contactSheet';
export * from './curves';
export * from './cutPoints';
export * from './customerValue';
export * from './decisionRule';
export * from './decisions';
export * from './expectedProfit';
export * from './pairedProfit';
export * from './profit';
export * from './threshold';
export * from './uncertainValue';
export * from './valueEvidence';
