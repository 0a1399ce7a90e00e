/**
 * The syncfs that writes a snapshot out (tools/sync): started ahead of time and told the folder later,
 * it must sync exactly that folder's file system, fail loudly when the folder cannot be synced, and
 * end without syncing when it is dropped (a failed copy must not leave a process waiting for ever).
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareFilesystemSync, syncFilesystem } from '../../../../electron/engine/tools/sync/sync-filesystem.js';
import { KuraError } from '../../../../electron/engine/errors.js';
import { tempDir } from '../../../harness/tmp.js';

let tmp: { path: string; cleanup(): Promise<void> };
beforeEach(async () => {
  tmp = await tempDir('kura-sync-');
});
afterEach(() => tmp.cleanup());

const unix = process.platform !== 'win32';

/** This process' children named `xargs` (the waiting sync command), by /proc. */
async function waitingSyncs(): Promise<number> {
  let n = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const m = /^\d+ \((.*)\) \S (\d+)/.exec(stat);
    if (m && m[1] === 'xargs' && Number(m[2]) === process.pid) n++;
  }
  return n;
}

describe.runIf(unix)('syncFilesystem / prepareFilesystemSync', () => {
  it('syncs a folder whose name has Japanese, a quote, brackets and a leading dash', async () => {
    const dir = join(tmp.path, "-商品 [2026] o'clock");
    await mkdir(dir);
    await syncFilesystem(dir);
    const pending = prepareFilesystemSync();
    await pending.run(dir);
  });

  it('a folder that cannot be synced is destination-write-failed, with the command\'s own words in the detail only', async () => {
    const gone = join(tmp.path, 'not-there');
    for (const attempt of [() => syncFilesystem(gone), () => prepareFilesystemSync().run(gone)]) {
      const err = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(KuraError);
      expect((err as KuraError).code).toBe('destination-write-failed');
      expect((err as KuraError).message).toContain(gone);
      expect((err as KuraError).detail).toMatch(/No such file or directory/);
    }
  });

  it('dropped, the waiting command ends without syncing anything', async () => {
    const pending = prepareFilesystemSync();
    expect(await waitingSyncs()).toBe(1);
    pending.drop();
    const deadline = Date.now() + 5000;
    while ((await waitingSyncs()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await waitingSyncs()).toBe(0);
  });

  it('cancelled while it waits, it ends and says cancelled', async () => {
    const ac = new AbortController();
    const pending = prepareFilesystemSync(ac.signal);
    ac.abort();
    const err = await pending.run(tmp.path).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as KuraError).code).toBe('cancelled');
  });
});
