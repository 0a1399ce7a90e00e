/**
 * A/B of the second files snapshot (20,000 unchanged files; --first: the first snapshot) between two checkouts of Kura, against the
 * seed's `rsync -a --link-dest`, alternately in one run: seed, A, seed, B, seed, A… on the same tree.
 *
 * Why: the machine this is measured on is shared and busy, and one change to the second night is worth
 * tens of milliseconds in a second; only runs interleaved on the same data, with medians of several,
 * tell such a change from the noise. `npm run bench -- --only=files` stays the official figure.
 *
 *   node --import tsx scripts/bench/files-ab.ts --b=/tmp/kura-main [--a=<checkout>] [--files=20000]
 *        [--files-mb=2000] [--runs=7] [--warmup=1] [--cpu-prof=<dir>] [--first [--anchor]] [--tsx]
 *
 * A defaults to this checkout. B is another checkout with its node_modules, for instance main's code:
 *   mkdir /tmp/kura-main && git archive main | tar -x -C /tmp/kura-main && ln -s "$PWD/node_modules" /tmp/kura-main/
 * Each side makes its own first snapshot (so each reads the list format it writes) and every second
 * snapshot it makes is removed again; the seed links to A's first snapshot, the folder Kura links to.
 * `sync` before every timed run, as `npm run bench` does (settle.ts). Both sides run bundled, as
 * `npm run bench` runs them (--tsx: under tsx); still not the official figure.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runProcess } from '../../electron/engine/process/run-process.js';
import type { ChildResult } from './kura-child.js';
import { settle } from './settle.js';
import { rsyncMs } from './run-log.js';
import { writeFileTree } from './shop-data.js';

const flags = new Map(process.argv.slice(2).map((a) => /^--([^=]+)=?(.*)$/.exec(a)).filter((m): m is RegExpExecArray => !!m).map((m) => [m[1]!, m[2]!] as const));
const num = (k: string, d: number) => (flags.has(k) ? Number(flags.get(k)) : d);
const files = num('files', 20_000);
const filesMb = num('files-mb', 2000);
const runs = num('runs', 7);
const warmup = num('warmup', 1);
const sides: Array<{ name: string; root: string }> = [{ name: 'A', root: resolve(flags.get('a') || resolve(import.meta.dirname, '../..')) }];
if (flags.get('b')) sides.push({ name: 'B', root: resolve(flags.get('b')!) });
const cpuProf = flags.get('cpu-prof');
/** --first: time first snapshots (everything copied and hashed) against `rsync -a` instead of second ones. */
const firstMode = flags.has('first');
/**
 * --anchor (with --first): against the official row's anchor instead, Kura's files item without hashes
 * (kura-child.ts files-nohash, each side's own), with where each side's time went (copy, after it).
 */
const anchorMode = firstMode && flags.has('anchor');

const log = (s: string) => process.stdout.write(`[files-ab ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function timed(file: string, args: string[]): Promise<number> {
  await settle();
  const t = performance.now();
  const r = await runProcess({ file, args }, { maxCaptureBytes: 8192 });
  if (r.exitCode !== 0) throw new Error(`${file} failed (exit ${r.exitCode}): ${r.stderr}`);
  return performance.now() - t;
}

/** Each side's child bundled as `npm run bench` runs it (--tsx: under tsx instead). */
const underTsx = flags.has('tsx');
async function childArgs(root: string): Promise<string[]> {
  if (underTsx) return ['--import', 'tsx', join(root, 'scripts/bench/kura-child.ts')];
  const { bundleForNode } = (await import(pathToFileURL(join(root, 'scripts/build-cli.mjs')).href)) as { bundleForNode: (e: Record<string, string>, out: string) => Promise<void> };
  const out = join(root, 'out/bench-ab');
  await bundleForNode({ 'kura-child': 'scripts/bench/kura-child.ts' }, out);
  return [join(out, 'kura-child.js')];
}

/** One kura-child operation of a side (after `sync`), its JSON line; throws unless it succeeded. */
async function runChild(root: string, args: string[], what: string): Promise<ChildResult> {
  await settle();
  const r = await runProcess({ file: process.execPath, args, cwd: root }, { maxCaptureBytes: 1024 * 1024 });
  let out: ChildResult;
  try {
    out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as ChildResult;
  } catch {
    throw new Error(`Kura child failed (exit ${r.exitCode}):\n${r.stderr.slice(-4000)}`);
  }
  if (!out.ok) throw new Error(`${what} did not succeed: ${JSON.stringify(out.detail).slice(0, 2000)}`);
  return out;
}

async function kuraRun(root: string, child: string[], config: string, home: string): Promise<{ ms: number; snapshot: string; summary: string }> {
  const prof = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [];
  const out = await runChild(root, [...prof, ...child, 'job', config, home], 'Kura run');
  const detail = out.detail as { snapshot: { path: string }; logFile: string };
  // What the files item's log line says of its hashing (how much during the copy, the list's time).
  const text = await readFile(detail.logFile, 'utf8');
  const summary = /hashed \((\d+) bytes of them during the copy\).*list written in (\d+) ms/.exec(text);
  const copy = rsyncMs(text);
  const disk = /written out to the disk in (\d+) ms/.exec(text)?.[1];
  return {
    ms: out.ms,
    snapshot: detail.snapshot.path,
    summary: (summary ? `${(Number(summary[1]) / 1e6).toFixed(0)} MB hashed during the copy, copy ${copy} ms, list ${summary[2]} ms, disk ${disk} ms; ` : '') + cpuOf(out),
  };
}

/**
 * CPU seconds of a side's process and of the programs it ran (rsync, sync): on a machine whose two cores
 * the copy keeps busy, what Kura adds in CPU is what it takes from rsync; steadier than wall times.
 */
function cpuOf(out: ChildResult): string {
  return out.cpu ? `cpu ${out.cpu.own.toFixed(2)} s + programs ${out.cpu.children.toFixed(2)} s` : '';
}

/** The first snapshot's anchor: the files item without hashes (kura-child.ts files-nohash), with its phases. */
async function anchorRun(root: string, child: string[], src: string, dest: string, home: string): Promise<{ ms: number; phases: string }> {
  const out = await runChild(root, [...child, 'files-nohash', JSON.stringify({ src: src + '/', dest: dest + '/', home })], 'files-nohash');
  const p = (out.detail as { phases?: Record<string, number> }).phases ?? {};
  return { ms: out.ms, phases: [...Object.entries(p).map(([k, v]) => `${k.replace(/Ms$/, '')} ${v} ms`), cpuOf(out)].join(', ') };
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(process.env['KURA_BENCH_DIR'] ?? tmpdir(), 'kura-files-ab-'));
  try {
    log(`${files} files / ${filesMb} MB, ${runs} runs after ${warmup} warm-up, sides: ${sides.map((s) => `${s.name}=${s.root}`).join(', ')}; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    const src = join(work, 'site');
    await writeFileTree(src, files, filesMb);
    const state = [];
    for (const side of sides) {
      const dest = join(work, `dest-${side.name}`);
      const home = join(work, `home-${side.name}`);
      await mkdir(dest);
      await mkdir(home);
      const config = join(work, `config-${side.name}.json`);
      await writeFile(
        config,
        JSON.stringify({
          version: 1,
          jobs: [{ id: 'files', name: 'files', destination: { path: dest }, sources: [{ id: 'www', type: 'files', from: src + '/' }], compression: 'balanced', retention: { keepLast: 100, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } }],
        }),
      );
      const child = await childArgs(side.root);
      const first = await kuraRun(side.root, child, config, home);
      log(`${side.name}: first snapshot ${(first.ms / 1000).toFixed(2)} s`);
      state.push({ ...side, child, config, home, first: first.snapshot, seed: [] as number[], kura: [] as number[] });
    }
    const prev = join(state[0]!.first, 'files', 'www');
    for (let i = 0; i < warmup + runs; i++) {
      for (const s of state) {
        const next = join(work, 'seed-next');
        let anchorPhases = '';
        let seedMs: number;
        if (anchorMode) ({ ms: seedMs, phases: anchorPhases } = await anchorRun(s.root, s.child, src, next, s.home));
        else seedMs = await timed('rsync', firstMode ? ['-a', `${src}/`, `${next}/`] : ['-a', `--link-dest=${prev}`, `${src}/`, `${next}/`]);
        await rm(next, { recursive: true, force: true });
        // A first snapshot each time: the job's earlier snapshots are removed before the run.
        if (firstMode) await rm(join(work, `dest-${s.name}`, 'files'), { recursive: true, force: true });
        const k = await kuraRun(s.root, s.child, s.config, s.home);
        if (!firstMode) await rm(k.snapshot, { recursive: true, force: true });
        const counted = i >= warmup;
        if (counted) {
          s.seed.push(seedMs);
          s.kura.push(k.ms);
        }
        log(`${counted ? `run ${i - warmup + 1}` : 'warm-up'} ${s.name}: ${anchorMode ? 'anchor' : 'seed'} ${(seedMs / 1000).toFixed(3)} s${anchorPhases ? ` (${anchorPhases})` : ''}, kura ${(k.ms / 1000).toFixed(3)} s, ratio ${(k.ms / seedMs).toFixed(3)}${k.summary ? ` (${k.summary})` : ''}`);
      }
    }
    for (const s of state) {
      const ratios = s.kura.map((k, j) => k / s.seed[j]!);
      log(
        `${s.name}: ${anchorMode ? 'anchor' : 'seed'} median ${(median(s.seed) / 1000).toFixed(3)} s, kura median ${(median(s.kura) / 1000).toFixed(3)} s, ratio of medians ${(median(s.kura) / median(s.seed)).toFixed(3)}, median of pair ratios ${median(ratios).toFixed(3)}`,
      );
    }
    log(`load at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
