/**
 * `npm run bench:small` still works: the benchmark builds its tiny data set, runs every comparison
 * against real MariaDB, Redis and rsync, and reports a row per operation with real timings, sizes
 * and Kura's peak memory. Goals are not asserted here (tiny data is dominated by fixed costs, and
 * CI machines are noisy); the full `npm run bench` is what docs/benchmarks.md reports.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import type { Row } from '../../../scripts/bench/bench.js';
import { tempDir } from '../../harness/tmp.js';

const BENCH = resolve(import.meta.dirname, '../../../scripts/bench/bench.ts');

describe('npm run bench:small', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('kura-bench-test-');
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it('runs every comparison and reports medians, ratios, sizes and peak memory', { timeout: 400_000 }, async () => {
    const json = join(dir.path, 'bench.json');
    const r = await runProcess(
      { file: process.execPath, args: ['--import', 'tsx', BENCH, '--small', '--pairs=1', `--json=${json}`], env: { KURA_BENCH_DIR: dir.path } },
      { maxCaptureBytes: 64 * 1024 },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(await readFile(json, 'utf8')) as { rows: Row[]; peakRssMb: number };
    expect(out.rows.map((row) => row.name)).toEqual([
      'MySQL backup, balanced (gzip 6)',
      'MySQL backup, fast (gzip 1)',
      'MySQL restore, one stream',
      'MySQL restore, parallel',
      'MySQL restore, parallel vs myloader',
      'MySQL restore, parallel: keys after the rows',
      'MySQL restore, largest table alone',
      'Files: 1st snapshot, 400 files (hashing every file)',
      'Files: 1st snapshot against the bare copy',
      'Files: 2nd snapshot, 400 unchanged files',
      'Redis fetch, sync',
      'Redis fetch, file',
      'Off-site S3: 1st night (400 files / 10 MB, dump 12 MB, RDB 8 MB), encrypted',
      'Off-site S3: 2nd night (same tree, new dump and RDB)',
    ]);
    for (const row of out.rows) {
      expect(row.seedMs.length).toBe(1);
      expect(row.kuraMs.length).toBe(1);
      expect(row.seedMs[0]).toBeGreaterThan(0);
      expect(row.kuraMs[0]).toBeGreaterThan(0);
      expect(row.ratio).toBeCloseTo(row.kuraMs[0]! / row.seedMs[0]!, 6);
      expect(row.peakRssMb).toBeGreaterThan(20);
    }
    // Balanced Kura dumps are about the seed's size; the table printed on stdout is the same data.
    expect(out.rows[0]!.note).toMatch(/size (9\d|10[0-2])\.\d% of seed/);
    expect(r.stdout).toContain('| MySQL restore, one stream | `gunzip -c \\| mysql` |');
    expect(out.peakRssMb).toBeLessThan(400);
  });
});
