/**
 * createPartial: the folder a run writes into. It is made with one mkdir (no look at the path before):
 * a leftover of the very same id — a run killed in the same second — must still be started afresh,
 * and an id already published must never be written into.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPartial } from '../../../electron/engine/snapshot/snapshot-store.js';
import { tempDir } from '../../harness/tmp.js';

let tmp: { path: string; cleanup(): Promise<void> };
beforeEach(async () => {
  tmp = await tempDir('kura-partial-');
});
afterEach(() => tmp.cleanup());

describe('createPartial', () => {
  it('makes <id>.partial, empty', async () => {
    const p = await createPartial(tmp.path, 'shop', '2026-12-07T10-00-00Z');
    expect(p).toEqual({ id: '2026-12-07T10-00-00Z', path: join(tmp.path, 'shop', '2026-12-07T10-00-00Z.partial') });
    expect(await readdir(p.path)).toEqual([]);
  });

  it('starts a leftover of the same id afresh: nothing of it is kept in the new snapshot', async () => {
    const left = join(tmp.path, 'shop', '2026-12-07T10-00-00Z.partial');
    await mkdir(join(left, 'files', 'www'), { recursive: true });
    await writeFile(join(left, 'files', 'www', 'half-written.jpg'), 'x');
    const p = await createPartial(tmp.path, 'shop', '2026-12-07T10-00-00Z');
    expect(p.path).toBe(left);
    expect(await readdir(p.path)).toEqual([]);
  });

  it('never writes into a published snapshot of the same id: the next free second is used', async () => {
    await mkdir(join(tmp.path, 'shop', '2026-12-07T10-00-00Z'), { recursive: true });
    await mkdir(join(tmp.path, 'shop', '2026-12-07T10-00-01Z'), { recursive: true });
    const p = await createPartial(tmp.path, 'shop', '2026-12-07T10-00-00Z');
    expect(p.id).toBe('2026-12-07T10-00-02Z');
    expect((await readdir(join(tmp.path, 'shop'))).sort()).toEqual(['2026-12-07T10-00-00Z', '2026-12-07T10-00-01Z', '2026-12-07T10-00-02Z.partial']);
  });
});
