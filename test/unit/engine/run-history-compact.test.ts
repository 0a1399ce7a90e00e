/**
 * A job's run history is read whole at every run start (and by status, the tray, the dashboard): it
 * must not grow for ever. What would make it lose what matters: dropping the newest runs, keeping an
 * older record of a run instead of its final one, a crash mid-rewrite, rewriting a small file at all.
 */
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compactRunHistory, historyPath, HISTORY_KEEP_RUNS, readRunHistory, type RunRecord } from '../../../electron/engine/run-log/run-history.js';
import { tempDir } from '../../harness/tmp.js';

function record(i: number, status: RunRecord['status']): RunRecord {
  const at = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString();
  return {
    runId: `run-${String(i).padStart(5, '0')}`,
    jobId: 'shop',
    trigger: 'schedule',
    status,
    startedAt: at,
    finishedAt: status === 'running' ? null : at,
    pid: 1,
    host: 'elsewhere',
    snapshotId: null,
    partialPath: null,
    items: [],
    warnings: [],
    error: null,
    logFile: `/logs/run-${i}.log`,
    pruned: [],
  };
}

describe('compactRunHistory', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    work = await tempDir('kura-history-');
  });
  afterEach(async () => {
    await work.cleanup();
  });

  const writeRuns = async (n: number) => {
    const path = historyPath(work.path, 'shop');
    await mkdir(dirname(path), { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(JSON.stringify(record(i, 'running')), JSON.stringify(record(i, i % 7 === 0 ? 'failed' : 'success')));
    // A torn last line (a power cut mid-append) is skipped as the reader always has.
    await writeFile(path, lines.join('\n') + '\n{"runId":"torn');
    return path;
  };

  it('keeps the newest runs, each as its final record, once the file holds too many', async () => {
    await writeRuns(1300);
    const before = await readRunHistory(work.path, 'shop');
    expect(await compactRunHistory(work.path, 'shop')).toBe(300);
    const after = await readRunHistory(work.path, 'shop');
    expect(after).toHaveLength(HISTORY_KEEP_RUNS);
    expect(after).toEqual(before.slice(-HISTORY_KEEP_RUNS));
    expect(after.at(-1)).toMatchObject({ runId: 'run-01299', status: 'success' });
    expect(after.some((r) => r.status === 'running')).toBe(false);
    // One line per kept run, no leftover temp file beside it.
    expect((await readFile(historyPath(work.path, 'shop'), 'utf8')).trimEnd().split('\n')).toHaveLength(HISTORY_KEEP_RUNS);
    // A second call has nothing to do.
    expect(await compactRunHistory(work.path, 'shop')).toBe(0);
  });

  it('leaves a history of ordinary length untouched (not even rewritten)', async () => {
    const path = await writeRuns(1100);
    const st = await stat(path);
    const bytes = await readFile(path);
    expect(await compactRunHistory(work.path, 'shop')).toBe(0);
    expect(await readFile(path)).toEqual(bytes);
    expect((await stat(path)).mtimeMs).toBe(st.mtimeMs);
  });

  it('a job without history yet is fine', async () => {
    expect(await compactRunHistory(work.path, 'none')).toBe(0);
  });
});
