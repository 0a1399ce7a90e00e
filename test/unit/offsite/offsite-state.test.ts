import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyTargetState, offsiteStatePath, readOffsiteState, writeOffsiteState } from '../../../electron/engine/offsite/offsite-state.js';
import { tempDir } from '../../harness/tmp.js';

describe('off-site state file', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(async () => {
    await tmp.cleanup();
  });

  it('is empty before the first push and round-trips', async () => {
    const s = await readOffsiteState(tmp.path, 'shop');
    expect(s.targets).toEqual({});
    s.targets['dc'] = { ...emptyTargetState(), consecutiveFailures: 2, pruning: ['2024-01-01T00-00-00Z'] };
    s.targets['dc'].snapshots['2024-01-02T00-00-00Z'] = { status: 'failed', at: '2024-01-02T00:00:05.000Z', error: { code: 'x', message: 'm', hint: null, category: 'network' } };
    await writeOffsiteState(tmp.path, s);
    expect(await readOffsiteState(tmp.path, 'shop')).toEqual(s);
  });

  it('starts over from a torn or foreign file instead of failing the run', async () => {
    const p = offsiteStatePath(tmp.path, 'shop');
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, '{"format":"kura-offsite-state/1","targets":{"dc":{"snap');
    expect((await readOffsiteState(tmp.path, 'shop')).targets).toEqual({});
    await writeFile(p, JSON.stringify({ format: 'other', targets: { dc: {} } }));
    expect((await readOffsiteState(tmp.path, 'shop')).targets).toEqual({});
    await writeFile(p, JSON.stringify({ format: 'kura-offsite-state/1', targets: { dc: { consecutiveFailures: 'x', pruning: [1, 'a'] } } }));
    expect((await readOffsiteState(tmp.path, 'shop')).targets['dc']).toEqual({ snapshots: {}, consecutiveFailures: 0, pruning: ['a'], lastPushedAt: null });
  });
});
