/** Segments: their plans, contacts, reports and file. This index is the folder's public face. */
export * from './contacts';
export * from './plan';
export * from './report';
export * from './segments';
export * from './segmentsFile';
