/**
 * The record of off-site copies found damaged (remote-damage.ts). What would go wrong unseen: a copy
 * that verifies again stays "damaged" for ever (every later push sent in full), another target's or
 * job's record is touched, a bucket's damaged object is never sent again, or a torn record stops the
 * push instead of being taken as empty.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noteRemoteVerify, noteResent, readRemoteDamage } from '../../../electron/engine/offsite/remote-damage.js';
import { tempDir } from '../../harness/tmp.js';

let home: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  home = await tempDir('kura-remote-damage-');
});
afterEach(() => home.cleanup());

describe('the record of off-site copies found damaged', () => {
  it('adds what a verify found damaged, takes off what verified again, per target and per job', async () => {
    expect((await readRemoteDamage(home.path, 'shop')).targets).toEqual({});
    await noteRemoteVerify(home.path, 'shop', 'dc', { damaged: ['2026-12-01T02-00-00Z', '2026-12-02T02-00-00Z'], good: [] });
    await noteRemoteVerify(home.path, 'shop', 'nas', { damaged: ['2026-12-02T02-00-00Z'], good: [] });
    await noteRemoteVerify(home.path, 'blog', 'dc', { damaged: ['2026-12-03T02-00-00Z'], good: [] });
    await noteRemoteVerify(home.path, 'shop', 'dc', { damaged: [], good: ['2026-12-02T02-00-00Z'] });
    expect((await readRemoteDamage(home.path, 'shop')).targets).toEqual({ dc: ['2026-12-01T02-00-00Z'], nas: ['2026-12-02T02-00-00Z'] });
    expect((await readRemoteDamage(home.path, 'blog')).targets).toEqual({ dc: ['2026-12-03T02-00-00Z'] });
    await noteRemoteVerify(home.path, 'shop', 'dc', { damaged: [], good: ['2026-12-01T02-00-00Z'] });
    expect((await readRemoteDamage(home.path, 'shop')).targets).toEqual({ nas: ['2026-12-02T02-00-00Z'] });
  });

  it("a bucket's damaged objects: added by a verify, taken off once a copy has been made after it", async () => {
    await noteRemoteVerify(home.path, 'shop', 'cloud', { damaged: ['2026-12-01T02-00-00Z'], good: [], objects: ['data/ab/abcd.age', 'data/cd/cdef.age'] });
    await noteRemoteVerify(home.path, 'shop', 'other', { damaged: [], good: [], objects: ['data/ef/ef01.age'] });
    expect(await readRemoteDamage(home.path, 'shop')).toMatchObject({ objects: { cloud: ['data/ab/abcd.age', 'data/cd/cdef.age'], other: ['data/ef/ef01.age'] } });
    await noteResent(home.path, 'shop', 'cloud', new Set(['data/ab/abcd.age', 'data/cd/cdef.age']));
    expect(await readRemoteDamage(home.path, 'shop')).toEqual({
      format: 'kura-offsite-damage/1',
      targets: { cloud: ['2026-12-01T02-00-00Z'] },
      objects: { other: ['data/ef/ef01.age'] },
    });
  });

  it('takes a torn or foreign record as empty, and writes a whole one over it', async () => {
    await mkdir(join(home.path, 'offsite'), { recursive: true });
    const file = join(home.path, 'offsite', 'shop.damaged.json');
    await writeFile(file, '{"format":"kura-offsite-damage/1","targ');
    expect((await readRemoteDamage(home.path, 'shop')).targets).toEqual({});
    await writeFile(file, JSON.stringify({ format: 'other', targets: { dc: ['x'] } }));
    expect((await readRemoteDamage(home.path, 'shop')).targets).toEqual({});
    await noteRemoteVerify(home.path, 'shop', 'dc', { damaged: ['2026-12-01T02-00-00Z'], good: [] });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ format: 'kura-offsite-damage/1', targets: { dc: ['2026-12-01T02-00-00Z'] }, objects: {} });
  });
});
