/** Types of scripts/build-cli.mjs (plain JavaScript so that it runs with nothing but Node). */
export function bundleForNode(entryPoints: Record<string, string>, outdir: string): Promise<void>;
export function buildCli(options?: { quiet?: boolean; ifStale?: boolean }): Promise<boolean>;
