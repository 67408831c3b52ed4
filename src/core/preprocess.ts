/**
 * The preprocessing API in one place: the spec's types and hash (preprocessSpec.ts), fitting it
 * (preprocessFit.ts), and applying it (preprocessEncode.ts). No logic lives here.
 */
export * from './preprocessSpec';
export { fitPreprocess } from './preprocessFit';
export * from './preprocessEncode';
