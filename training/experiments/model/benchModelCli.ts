/**
 * npm run bench:model: with --suite, the churn suite over every labelled set (suite/runSuite.ts);
 * with --screen-trees, a quick screen of the tree member's boosting (screen/treeScreen.ts);
 * without either, the cross-validation of the default training on Santander (benchModel.ts).
 */
if (process.argv.includes('--suite')) await import('./suite/runSuite');
else if (process.argv.includes('--screen-trees')) await import('./screen/treeScreen');
else await import('./benchModel');
export {};
