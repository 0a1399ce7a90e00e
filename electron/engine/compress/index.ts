/**
 * Parallel, multi-member gzip for large dumps: a worker-thread pool and the Transform on top of it.
 */
export { createParallelGzip, DEFAULT_BLOCK_BYTES, ParallelGzip, type ParallelGzipOptions } from './parallel-gzip.js';
export { defaultWorkerCount, GzipWorkerPool, type GzipTask } from './worker-pool.js';
