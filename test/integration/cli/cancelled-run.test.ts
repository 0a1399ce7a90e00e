/**
 * A cancelled run is `cancelled`, not `failed` (issue 15 §3): `kura run` stopped by Ctrl+C reports
 * `"status": "cancelled"` in --json and exits 130, the history records it as cancelled, and the job's
 * health is not turned red by it (a cancel is someone's decision, not a broken backup). Before, --json
 * said "failed" and the exit code was 1, the same as a broken backup.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKura, startKura } from '../../harness/kura-cli.js';
import { tempDir } from '../../harness/tmp.js';

describe('kura run cancelled with Ctrl+C', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;
  let dest: string;
  const sockets = new Set<Socket>();
  // A Redis that takes the connection and never answers: the run waits there until it is cancelled.
  const hung = createServer((c) => {
    sockets.add(c);
    c.on('error', () => {});
  });

  beforeAll(async () => {
    work = await tempDir('kura-cancelled-');
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const site = join(work.path, 'site');
    await mkdir(site);
    await writeFile(join(site, 'index.html'), 'shop');
    dest = join(work.path, 'backups');
    await mkdir(dest); // the backup disk exists before a job uses it
    const home = join(work.path, 'home');
    await mkdir(home);
    env = { KURA_HOME: home, KURA_LANG: 'en' };
    const job = {
      id: 'shop',
      name: 'Shop',
      destination: { path: dest },
      sources: [
        { id: 'www', type: 'files', from: site + '/' },
        { id: 'cache', type: 'redis', host: '127.0.0.1', port: (hung.address() as { port: number }).port },
      ],
    };
    await writeFile(join(home, 'config.json'), JSON.stringify({ version: 1, jobs: [job] }));
  });
  afterAll(async () => {
    for (const c of sockets) c.destroy();
    hung.close();
    await work?.cleanup();
  });

  it('says cancelled (not failed), exits 130, records a cancelled run and leaves the health alone', async () => {
    const proc = startKura(['run', 'shop', '--json'], env);
    // Wait until the run is at the hung Redis (it has connected), then press Ctrl+C.
    const deadline = Date.now() + 20_000;
    while (sockets.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(sockets.size).toBeGreaterThan(0);
    const started = Date.now();
    proc.kill('SIGINT');
    const r = await proc.result;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.exitCode, r.stderr).toBe(130);
    // Said in a sentence from the catalogue, not a bare signal name.
    expect(r.stderr).toContain('SIGINT: stopping… (the work under way is cancelled; press Ctrl+C again to quit at once)');
    const out = JSON.parse(r.stdout) as { status: string; snapshot: unknown; error: { code: string } | null };
    expect(out.status).toBe('cancelled');
    expect(out.snapshot).toBeNull();
    expect(out.error?.code).toBe('cancelled');
    // No snapshot, and nothing half-made, is left in the job's folder.
    expect(await readdir(join(dest, 'shop'), { recursive: true })).toEqual([]);

    const history = (await runKura(['history', 'shop', '--json'], env)).json as Array<{ status: string }>;
    expect(history.map((h) => h.status)).toEqual(['cancelled']);
    const status = await runKura(['status', '--json'], env);
    expect(status.code).toBe(0);
    expect((status.json as { jobs: Array<{ health: string }> }).jobs[0]!.health).not.toBe('failed');
  }, 60_000);
});
