/** How good a model is: evaluation, calibration, logistic fits, drift. This index is the folder's public face. */
export * from './calibration';
export * from './drift';
export * from './evaluation';
export * from './logistic';
