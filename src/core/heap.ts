/**
 * Where array data lives (see docs/engine.md for the measurements behind this).
 *
 * Arrays of more than SMALL_BYTES live in one WebAssembly.Memory, the heap, so that the
 * WebAssembly kernels read and write them in place: a kernel that copied data in and out would
 * pay three times the memory traffic. The memory is shared (SharedArrayBuffer) wherever the
 * platform allows, so worker threads can work on it and views never detach when it grows.
 *
 * Blocks come from segregated free lists (size classes 25% apart, 64-byte aligned) and are reused
 * without zeroing, which is what makes a fresh output cheap. A block returns to its list when
 * its array is disposed or garbage-collected (FinalizationRegistry). Because the GC cannot see
 * heap bytes, every NUDGE_BYTES of heap allocation not disposed explicitly we allocate and drop an
 * equal, untouched ArrayBuffer: that reports the pressure to the GC so dead arrays are found in time.
 *
 * Small arrays, and any allocation that would grow the heap past its soft limit (a synchronous
 * loop that never yields cannot run finalizers), use ordinary JS ArrayBuffers instead, which V8
 * frees without the event loop: the same kernels staged through heap scratch, never a failure.
 */
import { DisposedError, ValueError } from './errors.js';

const PAGE = 65536;
const ALIGN = 64;
/** Arrays up to this many bytes live in ordinary JS memory: no finalizer, no allocator. */
export const SMALL_BYTES = 512;
// 128 MiB: a loop that awaits between calls and never disposes got 1e6-element results back
// ~11-19% faster than with 64 MiB (fewer collections), 256 MiB gained little more for 120 MB of RSS.
const NUDGE_BYTES = 128 * 1024 * 1024;
/**
 * At most this many bytes of disposed JS-memory arrays let the heap grow past its soft limit: a
 * disposing loop that runs while the heap is full (say, after a synchronous loop that dropped its
 * results) then gets a heap block from its second call and reuses it, instead of staging every
 * call through JS memory until finalizers run.
 */
const ALLOWANCE_BYTES = 256 * 1024 * 1024;
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit
/**
 * At most this many bytes of explicitly disposed JS buffers are kept for reuse: a disposing loop
 * that runs while the heap is full then reuses its buffers instead of having fresh zeroed pages
 * mapped for every result.
 */
const POOL_BYTES = 64 * 1024 * 1024;

/**
 * What {@link heapStats} reports: the WebAssembly heap's size, the bytes held by live arrays and
 * free blocks, and its soft limit.
 * @example
 * const s: HeapStats = heapStats();
 * s.liveBytes <= s.capacityBytes; // → true
 */
export interface HeapStats {
  /** Whether the heap memory is a SharedArrayBuffer (needed for worker threads). */
  readonly shared: boolean;
  /** Bytes reserved from the system (the memory's current size). */
  readonly capacityBytes: number;
  /** Bytes in blocks held by live arrays. */
  readonly liveBytes: number;
  /** Bytes in free blocks waiting for reuse. */
  readonly freeBytes: number;
  /**
   * Allocations that fell back to JS memory because the soft limit was reached (they run the
   * same kernels, staged through the heap; the GC frees them).
   */
  readonly fallbackAllocations: number;
  /** Bytes of disposed JS-memory buffers kept for reuse (at most 64 MiB). */
  readonly pooledBytes: number;
  /**
   * Bytes the heap may still grow past its soft limit: given back by disposed JS-memory arrays
   * (at most 256 MiB), used by the next growth beyond the limit.
   */
  readonly growthAllowanceBytes: number;
  readonly softLimitBytes: number;
  /** How many times the heap reported memory pressure to the GC (every 128 MiB allocated and not disposed). */
  readonly gcNudges: number;
}

/** Size class for a byte count: multiples of 64 up to 1 KiB, then steps of 2^k/4. */
function classSize(bytes: number): number {
  const n = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  if (n <= 1024) return n;
  const step = 2 ** (Math.floor(Math.log2(n)) - 2);
  return Math.ceil(n / step) * step;
}

/**
 * Node's Buffer.allocUnsafeSlow: an ArrayBuffer of exactly `size` bytes whose memory is not
 * zeroed (undefined elsewhere, e.g. in browsers, where new ArrayBuffer is the only way).
 */
const allocUnsafeSlow = typeof process === 'object' && typeof process.versions?.node === 'string'
  ? (globalThis as { Buffer?: { allocUnsafeSlow(size: number): { buffer: ArrayBuffer } } }).Buffer?.allocUnsafeSlow
  : undefined;

/**
 * A new ArrayBuffer of `size` bytes with arbitrary contents. Zeroing 4 MiB that the kernel then
 * overwrites cost about 0.2 ms, a third of what a fresh result costs in a loop that never
 * disposes (docs/engine.md).
 */
function uninitializedBuffer(size: number): ArrayBuffer {
  return allocUnsafeSlow ? allocUnsafeSlow(size).buffer : new ArrayBuffer(size);
}

class Heap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  /** Increments when a non-shared memory grows (its old ArrayBuffer is then detached). */
  generation = 0;
  private top = ALIGN; // offset 0 is never handed out, so 0 can mean "not in the heap"
  private readonly free = new Map<number, number[]>();
  private readonly sizeOf = new Map<number, number>();
  private live = 0;
  private freeBytes = 0;
  private sinceNudge = 0;
  private allowance = 0;
  private nudges = 0;
  fallbacks = 0;
  /** Disposed JS buffers kept for reuse, by size class (bounded by POOL_BYTES). */
  readonly pool = new Map<number, ArrayBuffer[]>();
  pooledBytes = 0;
  softLimit = 1024 * 1024 * 1024;
  private readonly registry = new FinalizationRegistry<number>((offset) => this.release(offset));

  constructor() {
    let memory: WebAssembly.Memory;
    let shared = false;
    try {
      memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
      shared = memory.buffer instanceof SharedArrayBuffer;
    } catch {
      memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES });
    }
    this.memory = memory;
    this.shared = shared;
  }

  /**
   * A block of at least `bytes`, or 0 when there is no free one and growing would pass the soft
   * limit (beyond the allowance that disposed JS-memory arrays gave). `scratch` blocks (the
   * kernels' staging areas, freed by the same call) ignore the limit: they are what lets arrays
   * outside the heap run the same kernels, so they must not fail when the heap is full.
   */
  allocate(bytes: number, scratch = false): number {
    const size = classSize(bytes);
    const list = this.free.get(size);
    let offset = list?.pop();
    if (offset !== undefined) {
      this.freeBytes -= size;
    } else {
      if (!scratch && this.top + size > this.softLimit) {
        if (this.allowance < size) return 0;
        this.allowance -= size;
      }
      if (this.top + size > MAX_PAGES * PAGE) throw new RangeError(`heap: ${size} more bytes exceed the 4 GiB WebAssembly memory`);
      offset = this.top;
      this.ensureCapacity(this.top + size);
      this.top += size;
      this.sizeOf.set(offset, size);
    }
    this.live += size;
    if (!scratch) this.pressure(size);
    return offset;
  }

  /**
   * Counts heap bytes not yet disposed, which the GC cannot see; every NUDGE_BYTES it reports
   * external memory pressure so the GC looks for dead arrays (see the header), whose blocks the
   * finalizers then return. JS buffers made while the heap is full are not counted: V8 already
   * counts an ArrayBuffer's bytes, and counting them again only added collections to a loop that
   * never disposes.
   */
  private pressure(bytes: number): void {
    this.sinceNudge += bytes;
    if (this.sinceNudge >= NUDGE_BYTES) {
      this.sinceNudge = 0;
      this.nudges++;
      void new ArrayBuffer(NUDGE_BYTES);
    }
  }

  /** A new soft limit starts without allowance. */
  setSoftLimit(bytes: number): void {
    this.softLimit = bytes;
    this.allowance = 0;
  }

  /** A disposed JS-memory array's bytes let the heap grow past its soft limit (see ALLOWANCE_BYTES). */
  allowGrowth(bytes: number): void {
    this.allowance = Math.min(ALLOWANCE_BYTES, this.allowance + classSize(bytes));
  }

  track(owner: object, offset: number): void {
    this.registry.register(owner, offset, owner);
  }

  dispose(owner: object, offset: number): void {
    this.registry.unregister(owner);
    // A disposed block is one the GC need not find: it no longer counts towards the nudge, so a
    // loop that disposes its arrays triggers no collections (in a process with a large JS heap,
    // such as the benchmark with its peers loaded, each one costs milliseconds).
    this.sinceNudge = Math.max(0, this.sinceNudge - this.release(offset));
  }

  /** Returns a scratch block (see allocate) to its free list. */
  releaseScratch(offset: number): void {
    this.release(offset);
  }

  /** Returns the block to its free list; gives its size. */
  private release(offset: number): number {
    const size = this.sizeOf.get(offset)!;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(offset);
    this.live -= size;
    this.freeBytes += size;
    return size;
  }

  /**
   * A JS buffer for a fallback array: a disposed one of the same size class, or a new one, not
   * zeroed where the platform allows (every creator writes every element, as with heap blocks).
   */
  takePooled(bytes: number): ArrayBuffer {
    const size = classSize(bytes);
    const buffer = this.pool.get(size)?.pop();
    if (buffer) {
      this.pooledBytes -= size;
      return buffer;
    }
    return uninitializedBuffer(size);
  }

  /** Keeps a disposed fallback buffer for reuse while the pool has room. */
  givePooled(buffer: ArrayBuffer): void {
    const size = buffer.byteLength;
    if (size !== classSize(size) || this.pooledBytes + size > POOL_BYTES) return;
    let list = this.pool.get(size);
    if (!list) this.pool.set(size, (list = []));
    list.push(buffer);
    this.pooledBytes += size;
  }

  private ensureCapacity(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    // Grow by at least half the current size so growth is amortized.
    const wantPages = Math.min(MAX_PAGES, Math.max(Math.ceil(end / PAGE), Math.ceil((have * 1.5) / PAGE)));
    this.memory.grow(wantPages - have / PAGE);
    if (!this.shared) this.generation++;
  }

  stats(): HeapStats {
    return {
      shared: this.shared,
      capacityBytes: this.memory.buffer.byteLength,
      liveBytes: this.live,
      freeBytes: this.freeBytes,
      fallbackAllocations: this.fallbacks,
      pooledBytes: this.pooledBytes,
      growthAllowanceBytes: this.allowance,
      softLimitBytes: this.softLimit,
      gcNudges: this.nudges,
    };
  }
}

let theHeap: Heap | undefined;
function heap(): Heap {
  return (theHeap ??= new Heap());
}

/**
 * The bytes behind one array. Arrays never change their data after creation (except through an
 * explicit `out` argument), so reshaped views may share a Storage.
 */
export class Storage {
  /** Byte offset in the heap memory, or 0 when the bytes are in a JS ArrayBuffer. */
  readonly heapOffset: number;
  readonly byteLength: number;
  private buffer: ArrayBufferLike | null;
  private generation: number;
  private disposedFlag = false;

  private constructor(heapOffset: number, byteLength: number, buffer: ArrayBufferLike) {
    this.heapOffset = heapOffset;
    this.byteLength = byteLength;
    this.buffer = buffer;
    this.generation = theHeap?.generation ?? 0;
  }

  /** New uninitialized storage (contents are arbitrary: every creator writes every element). */
  static allocate(byteLength: number): Storage {
    if (byteLength > SMALL_BYTES && typeof WebAssembly === 'object') {
      const h = heap();
      const offset = h.allocate(byteLength);
      if (offset !== 0) {
        const s = new Storage(offset, byteLength, h.memory.buffer);
        h.track(s, offset);
        return s;
      }
      h.fallbacks++;
      return new Storage(0, byteLength, h.takePooled(byteLength));
    }
    return new Storage(0, byteLength, new ArrayBuffer(byteLength));
  }

  get inHeap(): boolean { return this.heapOffset !== 0; }
  get disposed(): boolean { return this.disposedFlag; }

  /** The ArrayBuffer holding the bytes, and the offset of the first byte in it. */
  bytes(op: string): { buffer: ArrayBufferLike; byteOffset: number } {
    if (this.disposedFlag) throw new DisposedError(op, 'the array was disposed; expected a live array');
    if (this.heapOffset !== 0 && this.generation !== theHeap!.generation) {
      this.buffer = theHeap!.memory.buffer; // a non-shared memory grew and detached the old buffer
      this.generation = theHeap!.generation;
    }
    return { buffer: this.buffer!, byteOffset: this.heapOffset };
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    if (this.heapOffset !== 0) theHeap!.dispose(this, this.heapOffset);
    else if (this.byteLength > SMALL_BYTES && theHeap) {
      theHeap.givePooled(this.buffer as ArrayBuffer);
      theHeap.allowGrowth(this.byteLength);
    }
    this.buffer = null;
  }
}

/**
 * Heap statistics, for tests, benchmarks and the curious.
 *
 * @example
 * heapStats().softLimitBytes; // by default 1 GiB: → 1073741824
 */
export function heapStats(): HeapStats {
  return heap().stats();
}

/**
 * A scratch block of at least `bytes` for a kernel's staging (see Heap.allocate); the caller
 * frees it with {@link releaseScratch} before returning.
 */
export function allocateScratch(bytes: number): number {
  return heap().allocate(bytes, true);
}

export function releaseScratch(offset: number): void {
  heap().releaseScratch(offset);
}

/** The heap's WebAssembly.Memory, for the WebAssembly kernels. */
export function heapMemory(): WebAssembly.Memory {
  return heap().memory;
}

/**
 * Sets the heap's soft limit: beyond it new arrays use JS memory until dead arrays are reclaimed
 * (or JS-memory arrays are disposed, which lets the heap grow by their bytes).
 * Default 1 GiB; at most 4 GiB (the wasm32 limit).
 * @example
 * setHeapSoftLimit(256 * 2 ** 20);
 * heapStats().softLimitBytes; // → 268435456
 */
export function setHeapSoftLimit(bytes: number): void {
  if (!Number.isInteger(bytes) || bytes < 0 || bytes > MAX_PAGES * PAGE) {
    throw new ValueError('setHeapSoftLimit', `argument 'bytes' is ${bytes}; expected an integer in [0, 2^32]`);
  }
  heap().setSoftLimit(bytes);
}
