/** Reading customer files: CSV, cells, IDs, targets, row and file problems, tables. This index is the folder's public face. */
export * from './cells';
export * from './columnLabels';
export * from './columnNames';
export * from './csv';
export * from './customerId';
export * from './dateCells';
export * from './fileProblems';
export * from './fileSniff';
export * from './recordCheck';
export * from './rowProblems';
export * from './table';
export * from './target';
export * from './textCodes';
export * from './valueColumn';
