/** Types of scripts/worker-files.mjs (plain JavaScript so that the builds run with nothing but Node). */
export const WORKER_FILES: readonly string[];
export function copyWorkers(outdir: string): Promise<void>;
