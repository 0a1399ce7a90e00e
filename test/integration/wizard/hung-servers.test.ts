/**
 * "Test connection" against a server that takes the TCP connection and then never says a word (a
 * hung server, or another program on the port): MySQL, Redis, an rsync daemon and SSH each end within
 * their bound with "accepted the connection but did not answer", in Japanese too; Cancel stops a test
 * at once; and the whole test has a deadline whatever it waits on. Before the bounds, MySQL and rsync
 * waited for minutes (the wizard's button stayed disabled) and Redis for 60 s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuraError, messageOf } from '../../../electron/engine/errors.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { TEST_CONNECT_SECONDS } from '../../../electron/engine/tools/answer-timeouts.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { testFiles, testMysql, testRedis } from '../../../electron/service/source-tests.js';
import { sshHostKey, sshTest } from '../../../electron/service/ssh-setup.js';
import { createTestRuns } from '../../../electron/service/test-runs.js';
import { ja } from '../../harness/messages.js';
import { silentServer, type SilentServer } from '../../harness/silent-server.js';

async function failure(p: Promise<unknown>): Promise<{ error: KuraError; ms: number }> {
  const started = Date.now();
  try {
    await p;
  } catch (err) {
    return { error: err as KuraError, ms: Date.now() - started };
  }
  throw new Error('the test succeeded against a server that never answers');
}

describe('Test connection against a server that never answers', () => {
  let silent: SilentServer;
  let home: string;
  const secrets = createMemorySecretStore();
  const tools = createToolResolver();
  const deps = () => ({ tools: async () => tools, secrets, home });
  const bound = (TEST_CONNECT_SECONDS + 5) * 1000;

  beforeAll(async () => {
    silent = await silentServer();
    home = await mkdtemp(join(tmpdir(), 'kura-hung-'));
    await secrets.set('pw', 'secret');
  });
  afterAll(async () => {
    await silent?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('says so within its bound for MySQL, Redis, an rsync daemon and SSH (in Japanese too)', async () => {
    const where = `127.0.0.1:${silent.port}`;
    const [mysql, redis, rsync, redisNoPassword] = await Promise.all([
      failure(testMysql(deps(), { host: '127.0.0.1', port: silent.port, user: 'backup', passwordRef: 'pw', databases: [] })),
      failure(testRedis(deps(), { host: '127.0.0.1', port: silent.port, passwordRef: 'pw' })),
      failure(testFiles(deps(), { from: `rsync://backup@127.0.0.1:${silent.port}/site/`, passwordRef: 'pw' })),
      failure(testRedis(deps(), { host: '127.0.0.1', port: silent.port })),
    ]);
    for (const [what, r] of [['MySQL', mysql], ['Redis', redis], ['rsync', rsync], ['Redis', redisNoPassword]] as const) {
      expect(r.error, what).toBeInstanceOf(KuraError);
      // rsync says how long it really waited (its own timer is coarse); the others their bound.
      const seconds = what === 'rsync' ? Number(r.error.params?.['seconds']) : 15;
      expect(seconds).toBeGreaterThanOrEqual(8);
      expect(seconds).toBeLessThanOrEqual(TEST_CONNECT_SECONDS + 5);
      expect({ code: r.error.code, params: r.error.params }, what).toEqual({ code: 'server-no-answer', params: { what, where, seconds } });
      expect(r.ms, what).toBeLessThan(bound);
      expect(r.error.category).toBe('network');
      expect(ja(messageOf(r.error))).toBe(`${what}（${where}）は接続を受け付けましたが、${seconds} 秒以内に応答しませんでした。`);
    }
  }, 60_000);

  it('says so within its bound for SSH, the server key and the login', async () => {
    const [key, login] = await Promise.all([
      failure(sshHostKey({ home, secrets }, { host: '127.0.0.1', port: silent.port })),
      failure(sshTest({ home, secrets }, { host: '127.0.0.1', port: silent.port, user: 'admin', passwordRef: 'pw' })),
    ]);
    for (const r of [key, login]) {
      expect(r.error.code).toBe('ssh-connect-timeout');
      expect(r.error.params).toMatchObject({ seconds: 15 });
      expect(r.ms).toBeLessThan(bound);
      expect(ja(messageOf(r.error))).toContain('15 秒以内に応答がありませんでした');
    }
  }, 60_000);

  it('Cancel stops a running test at once, and says it was cancelled', async () => {
    const runs = createTestRuns();
    const started = Date.now();
    const pending = failure(runs.run('t1', (signal) => testMysql({ ...deps(), signal }, { host: '127.0.0.1', port: silent.port, user: 'backup', databases: [] })));
    await new Promise((r) => setTimeout(r, 500));
    expect(runs.cancel('t1')).toBe(true);
    const r = await pending;
    expect({ code: r.error.code, params: r.error.params }).toEqual({ code: 'cancelled', params: { variant: 'test' } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(ja(messageOf(r.error))).toBe('テストをキャンセルしました。');
    expect(runs.cancel('t1')).toBe(false);
  });

  it('the whole test has a deadline, whatever it waits on', async () => {
    const runs = createTestRuns(1500);
    const r = await failure(runs.run(undefined, (signal) => testRedis({ ...deps(), signal }, { host: '127.0.0.1', port: silent.port })));
    expect(r.error.code).toBe('test-timeout');
    expect(r.ms).toBeLessThan(4000);
    expect(ja(messageOf(r.error))).toBe('テストが 2 秒以内に終わりませんでした。');
  });
});
