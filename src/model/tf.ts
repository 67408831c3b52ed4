/**
 * The slice of TF.js the model needs: core and layers only. The browser bundle then carries no
 * WebGL backend or converter; Node code may still import the full package, which re-exports these.
 */
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
