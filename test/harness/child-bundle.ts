/**
 * Child processes that run the project's TypeScript, for the tests that race real processes (the
 * job lock, the restore journal): the test bundles the child's code once with esbuild into one plain
 * .mjs file, and each child is a bare `node file.mjs`.
 *
 * Why not `node --import tsx`: every such child starts its own esbuild service and compiles the
 * sources again — seconds each on a busy machine, and under Wine (the Windows job) a dozen of them
 * at once hung Windows Node for good (2026-12-06: the inner unit run never finished) or failed to
 * start at all (STACK_TRACE_ERROR). One bundle, made in the test process, removes both.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

export interface ChildSource {
  /** A TypeScript file to bundle, or… */
  entry?: string;
  /** …the child's code itself (ESM TypeScript), its imports resolved from `resolveDir`. */
  contents?: string;
  resolveDir?: string;
}

/** Bundles `source` into `<dir>/<name>.mjs` and returns that path. */
export async function bundleChild(source: ChildSource, dir: string, name = 'child'): Promise<string> {
  const outfile = join(dir, `${name}.mjs`);
  await build({
    ...(source.entry
      ? { entryPoints: [source.entry] }
      : { stdin: { contents: source.contents ?? '', resolveDir: source.resolveDir ?? process.cwd(), loader: 'ts', sourcefile: `${name}.ts` } }),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // CommonJS dependencies inside an ES module bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __kuraCreateRequire } from 'node:module'; const require = __kuraCreateRequire(import.meta.url);" },
  });
  return outfile;
}
