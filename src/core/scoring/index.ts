/** Scoring math shared by TF.js, the kernels and the exports: trees, blends, quantized weights, the sparse first layer, centred rows. This index is the folder's public face. */
export * from './centeredRows';
export * from './depthwiseTrees';
export * from './ensembleBlend';
export * from './obliviousTrees';
export * from './sparseFirstLayer';
export * from './weightQuantization';
