/** The preprocessing spec: its types and hash, fitting it, and applying it to records. This index is the folder's public face. */
export * from './cellRules';
export * from './encode';
export * from './fit';
export * from './pleBins';
export * from './rawRecord';
export * from './recordPipeline';
export * from './spec';
