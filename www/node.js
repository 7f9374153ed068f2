// The package's entry point on Node.js (the `node` condition of its exports): loads the
// WebAssembly module from disk at import, so every function works without `await init()`.
import { readFileSync } from 'node:fs';
import { initSync } from './navigator.js';

initSync(readFileSync(new URL('./ai_security_navigator_bg.wasm', import.meta.url)));

export * from './navigator.js';
