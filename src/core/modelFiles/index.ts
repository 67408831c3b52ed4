/** The model's files: names, metrics, checks, registry records, comparisons. This index is the folder's public face. */
export * from './fileNames';
export * from './filesCheck';
export * from './modelComparison';
export * from './modelMetrics';
export * from './networkLayers';
export * from './outOfSampleFile';
export * from './registryRecord';
