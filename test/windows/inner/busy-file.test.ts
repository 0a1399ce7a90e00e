/**
 * Runs under Windows Node in the Windows job: a file held open the way an antivirus scanner or the
 * search indexer holds it (test/windows/native/hold-file.c: no FILE_SHARE_DELETE) makes a plain
 * rename over it fail; Kura's atomic write waits until the holder lets go and then succeeds.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, type RunningProcess } from '../../../electron/engine/process/run-process.js';
import { writeJsonAtomic } from '../../../electron/engine/util/atomic-write.js';
import { tempDir } from '../../harness/tmp.js';

const holder = process.env['KURA_WIN_HOLD_FILE'];

async function hold(path: string, ms: number): Promise<RunningProcess> {
  let proc!: RunningProcess;
  await new Promise<void>((resolve, reject) => {
    proc = startProcess({ file: holder!, args: [path, String(ms)] }, { stdout: 'lines', onStdoutLine: (l) => l.trim() === 'held' && resolve() });
    void proc.result.then((r) => reject(new Error(`hold-file exited ${r.exitCode}: ${r.stderr}`)), reject);
  });
  return proc;
}

describe.skipIf(process.platform !== 'win32' || !holder)('a file held by a scanner (Wine)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('kura-busy-');
  });
  afterAll(() => dir.cleanup());

  it('a plain rename over it fails while it is held (the lock is real)', async () => {
    const target = join(dir.path, 'plain.json');
    await writeFile(target, 'old');
    await writeFile(target + '.new', 'new');
    const h = await hold(target, 1500);
    await expect(rename(target + '.new', target)).rejects.toMatchObject({ code: expect.stringMatching(/^(EPERM|EBUSY|EACCES)$/) });
    await h.result;
  });

  it("Kura's atomic write waits for the holder and then replaces the file", async () => {
    const manifest = join(dir.path, 'manifest.json');
    await writeFile(manifest, '{"old": true}');
    const h = await hold(manifest, 1500);
    const started = Date.now();
    await writeJsonAtomic(manifest, { verified: true });
    expect(Date.now() - started).toBeGreaterThan(500);
    expect(JSON.parse(await readFile(manifest, 'utf8'))).toEqual({ verified: true });
    await h.result;
  });
});
