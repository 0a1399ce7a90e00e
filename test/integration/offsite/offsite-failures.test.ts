/**
 * Off-site targets that are not there: a NAS folder that is mounted (pushed), a USB disk that is not
 * (skipped with a warning, pending), and a data-centre daemon nobody answers for (network errors
 * retried within the push, then `failed`; the third failure in a row asks for a notification).
 */
import { english } from '../../../electron/shared/messages/render.js';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSchema } from '../../../electron/engine/config/schema.js';
import { runJob } from '../../../electron/engine/jobs/run-job.js';
import { offsiteAlerts } from '../../../electron/engine/offsite/push-offsite.js';
import { readOffsiteState } from '../../../electron/engine/offsite/offsite-state.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { freePort } from '../../harness/ports.js';
import { tempDir } from '../../harness/tmp.js';
import { readTree } from './tree.js';

describe('off-site targets that are unavailable', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    work = await tempDir('kura-offsite-fail-');
    await mkdir(join(work.path, 'backups')); // the backup disk exists before a job uses it
  });
  afterAll(async () => {
    await work?.cleanup();
  });

  it('pushes to a mounted folder, skips an unmounted one, and counts failed pushes to a dead server', async () => {
    const site = join(work.path, 'site');
    const nas = join(work.path, 'nas');
    await mkdir(site);
    await mkdir(nas);
    await writeFile(join(site, 'a.txt'), randomBytes(1000));
    const home = join(work.path, 'home');
    await mkdir(home);
    const deadPort = await freePort();
    const job = jobSchema.parse({
      id: 'blog',
      name: 'Blog',
      destination: { path: join(work.path, 'backups') },
      sources: [{ id: 'www', type: 'files', from: site }],
      offsite: [
        { id: 'nas', to: nas },
        { id: 'usb', to: join(work.path, 'usb-not-mounted') },
        // Nothing listens on this port: connection refused, a network error.
        { id: 'dc', to: `rsync://kura@127.0.0.1:${deadPort}/backup`, passwordRef: 'dc', bwlimit: 100 },
      ],
    });
    const deps = { home, secrets: createMemorySecretStore({ dc: 'pw' }), tools: createToolResolver(), now: () => new Date(), kuraVersion: 'test', offsiteRetryDelaysMs: [20, 40] };

    const results = [];
    for (let i = 0; i < 3; i++) results.push(await runJob(deps, job, { trigger: 'schedule' }));
    for (const r of results) {
      expect(r.status).toBe('warning');
      expect(r.error).toBeNull();
      expect(r.offsite.map((o) => `${o.target}:${o.status}`)).toEqual(['nas:pushed', 'usb:pending', 'dc:failed']);
    }
    const last = results[2]!;
    const usb = last.offsite[1]!;
    expect(usb.error?.code).toBe('offsite-not-mounted');
    expect(usb.consecutiveFailures).toBe(0);
    expect(usb.pending).toEqual(results.map((r) => r.snapshot!.id));
    expect(last.warnings.some((w) => /usb-not-mounted is not available/.test(english(w)))).toBe(true);
    const dc = results.map((r) => r.offsite[2]!);
    expect(dc.map((d) => d.consecutiveFailures)).toEqual([1, 2, 3]);
    expect(dc.map((d) => d.notify)).toEqual([false, false, true]);
    expect(dc[2]!.error).toMatchObject({ code: 'rsync-connect-failed', category: 'network' });
    expect(offsiteAlerts(last.offsite).map((a) => a.target)).toEqual(['dc']);
    // Network errors were retried inside the push (twice, with the injected pauses) before giving up.
    const log = await readFile(last.logFile, 'utf8');
    expect(log.match(/trying again in/g)?.length).toBe(2);
    // The NAS copy is a faithful snapshot.
    expect(await readTree(join(nas, 'blog', last.snapshot!.id))).toEqual(await readTree(last.snapshot!.path));
    const state = await readOffsiteState(home, 'blog');
    expect(state.targets['dc']!.consecutiveFailures).toBe(3);
    expect(state.targets['nas']!.consecutiveFailures).toBe(0);

    // One notice per streak: the fourth failure in a row does not notify again.
    const fourth = await runJob(deps, job, { trigger: 'schedule' });
    expect(fourth.offsite[2]).toMatchObject({ status: 'failed', consecutiveFailures: 4, notify: false });
  });
});
