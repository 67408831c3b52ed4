/**
 * npm run bench:model: with --suite, the churn suite over every labelled set (suite/runSuite.ts);
 * without, the cross-validation of the default training on Santander (benchModel.ts).
 */
if (process.argv.includes('--suite')) await import('./suite/runSuite');
else await import('./benchModel');
export {};
