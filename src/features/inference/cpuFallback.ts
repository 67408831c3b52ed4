/** TF.js's cpu backend, for browsers where the wasm backend cannot start (see backend.ts). */
import '@tensorflow/tfjs-backend-cpu';
