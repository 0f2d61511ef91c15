#!/usr/bin/env node
/**
 * Writes dist/kernels/wasm/kernels.wasm, the WebAssembly binary as a file, from the base64 in
 * dist/kernels/wasm/binary.generated.js (run by `npm run build` after tsc). Browser bundles load
 * it through binary.asset.ts (package.json "browser" field) instead of inlining the base64.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'kernels', 'wasm');
const { WASM_BASE64 } = await import(pathToFileURL(join(dir, 'binary.generated.js')).href);
writeFileSync(join(dir, 'kernels.wasm'), Buffer.from(WASM_BASE64, 'base64'));
