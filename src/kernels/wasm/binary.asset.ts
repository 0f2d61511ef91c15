/**
 * What bundlers load instead of binary.generated.ts when they build for browsers (package.json's
 * "browser" field): no inlined binary. kernels.ts then fetches `kernels.wasm`, written beside it
 * into dist/ by scripts/wasm-asset.mjs (`npm run build`), as `new URL('./kernels.wasm',
 * import.meta.url)`, which bundlers that handle that form (webpack 5, Vite, Parcel) emit as an
 * asset; with others, copy the file next to the bundle.
 */
export const WASM_BASE64 = '';
