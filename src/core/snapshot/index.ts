/** The portfolio snapshot: its format, blocks, builder and manifest. This index is the folder's public face. */
export * from './block';
export * from './builder';
export * from './chunkCells';
export * from './manifest';
export * from './snapshot';
