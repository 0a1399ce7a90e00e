/**
 * Files sources written the old way (`user@host:/path` + sshKeyPath, rsync starting the OpenSSH
 * program) against the shop world's sshd: the server key is remembered in Kura's own known-hosts
 * file — not `~/.ssh`, which cwRsync's ssh cannot find — so a changed key is noticed; and when ssh
 * cannot record the key, the run says so instead of trusting any key every night in silence.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/engine/config/config-store.js';
import { runJob, type RunResult } from '../../../electron/engine/jobs/run-job.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { knownHostsPath, pinnedKeys } from '../../../electron/engine/tools/ssh/index.js';
import { canMakeNamespaces, startShopWorld, type ShopWorld } from '../../harness/shop-world.js';
import { tempDir } from '../../harness/tmp.js';

const can = canMakeNamespaces();
if (!can.ok && process.env['CI']) throw new Error(`CI must be able to build the shop world: ${can.reason}`);

describe.skipIf(!can.ok)('ssh started by rsync (sshKeyPath sources) and Kura’s known-hosts file', () => {
  let world: ShopWorld;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let home: string;
  const tools = createToolResolver();

  beforeAll(async () => {
    world = await startShopWorld({ databases: false });
    work = await tempDir('kura-legacy-ssh-');
    await mkdir(join(work.path, 'dest')); // the backup disk exists before a job uses it
    home = join(work.path, 'home');
    await mkdir(home);
  });
  afterAll(async () => {
    await world?.stop();
    await work?.cleanup();
  });

  const run = async (): Promise<RunResult> => {
    const config = parseConfig({
      version: 1,
      jobs: [
        {
          id: 'shop',
          name: 'Shop',
          destination: { path: join(work.path, 'dest') },
          sources: [{ id: 'www', type: 'files', from: `${world.keyUser.name}@${world.address}:${world.siteDir}/`, sshKeyPath: world.keyUser.keyPath, sshPort: 10022 }],
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 1100));
    return runJob({ home, secrets: createMemorySecretStore(), tools, now: () => new Date(), kuraVersion: 'test' }, config.jobs[0]!, { trigger: 'manual' });
  };

  it('remembers the server key in $KURA_HOME/ssh/known_hosts (readable by Kura), not in ~/.ssh', async () => {
    const r = await run();
    expect(r.status, JSON.stringify(r.error)).toBe('success');
    expect(await readFile(knownHostsPath(home), 'utf8')).toMatch(new RegExp(`^\\[${world.address.replace(/\./g, '\\.')}\\]:10022 ssh-ed25519 `, 'm'));
    expect((await pinnedKeys(home, world.address, 10022)).length).toBe(1);
  });

  it('refuses a changed server key on the next run', async () => {
    await world.regenerateHostKey();
    const r = await run();
    expect(r.status).toBe('failed');
    expect(r.snapshot).toBeNull();
    expect(JSON.stringify(r.error)).toMatch(/key/i);
  });

  it('warns when ssh cannot record the key, instead of trusting any key every run in silence', async () => {
    // $KURA_HOME/ssh is a file: ssh cannot create known_hosts below it.
    await rm(join(home, 'ssh'), { recursive: true, force: true });
    await writeFile(join(home, 'ssh'), 'not a folder');
    try {
      const r = await run();
      expect(r.status).toBe('warning');
      expect(r.warnings.join('\n')).toMatch(/could not record the key of .* so a changed server key would not be noticed/);
    } finally {
      await rm(join(home, 'ssh'), { force: true });
    }
  });
});
