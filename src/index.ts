/**
 * nonlin: neural-network activation functions for TypeScript, with MLX's names and semantics,
 * exact to the last bit of float32, over a small array core with gradients.
 */
export { NDArray, type ScalarOf, type TypedArrayOf, type NestedList, type NDArrayJSON } from './core/array.js';
export { array, zeros, ones, full, zerosLike, onesLike, arange, linspace, type ArrayLike } from './core/create.js';
export { DTYPES, type DType, type FloatDType, promoteTypes } from './core/dtype.js';
export { NonlinError, ShapeError, AxisError, DTypeError, ValueError, DisposedError } from './core/errors.js';
export { heapStats, setHeapSoftLimit, type HeapStats } from './core/heap.js';
export * as random from './core/random.js';
export * from './ops/index.js';
export { matmul } from './ops/matmul.js';
export { grad, valueAndGrad, vjp, jvp, stopGradient, type Loss, type Gradient } from './autograd/transforms.js';
export * as nn from './nn/index.js';
export * as keras from './keras/index.js';
export * as optim from './optimizers/index.js';
export { setBackend, getBackend, type Backend } from './kernels/backend.js';
export { setNumThreads, getNumThreads, threadsReady } from './kernels/threads.js';
