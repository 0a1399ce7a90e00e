/**
 * A real S3 server for tests and the benchmark: Ceph's RADOS Gateway from Debian's packages
 * (`ceph-mon ceph-osd radosgw ceph-common`), as a throw-away single-node cluster in a temp folder —
 * one monitor, one OSD keeping its data in memory (`osd objectstore = memstore`), no mgr, no
 * systemd, everything on 127.0.0.1 and free ports, each daemon started in the foreground and
 * stopped by its PID (never by name: other helpers' clusters may run on the same machine).
 *
 * The settings that make it start in a few seconds and work at all, each learned the hard way:
 *   - pool size 1 (`mon allow pool size one`), 8 PGs per pool, `mon max pg per osd = 1000`;
 *   - `auth … = none` for the cluster, but `ms mon client mode = crc` for the gateway (its default
 *     "secure" mode cannot work without cephx and it retries its monitor auth forever);
 *   - `paxos propose interval = 0.05` (else each of the gateway's seven pool creations takes ~2 s);
 *   - stop the gateway first, then the OSD, then the monitor (the others hang if the monitor dies).
 * SigV4 is enforced: requests need the keys `radosgw-admin user create` made.
 *
 * The gateway can be killed (SIGKILL, "the network died mid-upload") and started again on the same
 * port while the cluster keeps its data, which is what the resume tests need.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess, startProcess, type RunningProcess } from '../../electron/engine/process/run-process.js';
import { freePort, waitForPort } from './ports.js';
import { stopPid, tempDir } from './tmp.js';

export interface S3Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface CephS3 extends S3Keys {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  port: number;
  region: string;
  dir: string;
  pids(): { mon: number; osd: number; rgw: number | null };
  /** Another S3 user with its own keys (buckets are per user). */
  createUser(uid: string): Promise<S3Keys>;
  /** A bucket of the first user, with Object Lock when asked (it can only be turned on at creation). */
  createBucket(name: string, options?: { objectLock?: boolean }): Promise<void>;
  /** SIGKILL the gateway (the cluster and its data stay). */
  killGateway(): Promise<void>;
  /** Starts the gateway again on the same port. */
  startGateway(): Promise<void>;
  /** The gateway, then the OSD, then the monitor; removes the temp folder. */
  stop(): Promise<void>;
}

const CEPH_TIMEOUT_MS = 60_000;
// The SDK warns under Node 20 on every start; nothing a test or the benchmark can act on.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export async function startCephS3(options: { memBytes?: number } = {}): Promise<CephS3> {
  const tmp = await tempDir('kura-ceph-');
  const dir = tmp.path;
  const conf = join(dir, 'ceph.conf');
  const monPort = await freePort();
  let rgwPort = await freePort();
  while (rgwPort === monPort) rgwPort = await freePort();
  const fsid = randomUUID();
  const osdUuid = randomUUID();
  const procs: { mon?: RunningProcess; osd?: RunningProcess; rgw?: RunningProcess } = {};
  const stderrLog: string[] = [];

  await writeFile(
    conf,
    [
      '[global]',
      `fsid = ${fsid}`,
      `mon host = v2:127.0.0.1:${monPort}`,
      'public addr = 127.0.0.1',
      'cluster addr = 127.0.0.1',
      'ms bind msgr1 = false',
      'auth cluster required = none',
      'auth service required = none',
      'auth client required = none',
      `run dir = ${dir}`,
      `admin socket = ${dir}/$name.asok`,
      `pid file = ${dir}/$name.pid`,
      `log file = ${dir}/$name.log`,
      `crash dir = ${dir}`,
      `keyring = ${dir}/keyring`,
      'osd pool default size = 1',
      'osd pool default min size = 1',
      'osd pool default pg num = 8',
      'osd pool default pgp num = 8',
      'osd pool default pg autoscale mode = off',
      'osd crush chooseleaf type = 0',
      'mon allow pool size one = true',
      'mon warn on pool no redundancy = false',
      'mon max pg per osd = 1000',
      'mon data avail crit = 0',
      '[mon]',
      `mon data = ${dir}/mon.$id`,
      'paxos propose interval = 0.05',
      'paxos min wait = 0.01',
      '[osd]',
      `osd data = ${dir}/osd.$id`,
      'osd objectstore = memstore',
      `memstore device bytes = ${options.memBytes ?? 4 * 1024 ** 3}`,
      '[client.rgw]',
      'ms mon client mode = crc',
      `rgw frontends = beast endpoint=127.0.0.1:${rgwPort}`,
      `rgw data = ${dir}`,
      '',
    ].join('\n'),
  );

  const run = async (file: string, args: string[]): Promise<string> => {
    const r = await runProcess({ file, args }, { signal: AbortSignal.timeout(CEPH_TIMEOUT_MS) });
    if (r.exitCode !== 0) throw new Error(`${r.command} failed (${r.exitCode ?? r.signal}): ${r.stderr.slice(-2000)}`);
    return r.stdout;
  };
  const daemon = (file: string, args: string[]): RunningProcess => {
    const p = startProcess({ file, args: ['-f', '-c', conf, ...args] }, { stdout: 'ignore', onStderrLine: (l) => stderrLog.push(`${file}: ${l}`) });
    p.result.catch(() => undefined);
    return p;
  };
  const ceph = (args: string[]) => run('ceph', ['-c', conf, '--connect-timeout', '30', ...args]);

  const stopAll = async () => {
    // Order matters: the gateway and the OSD hang on exit when the monitor is already gone.
    for (const p of [procs.rgw, procs.osd, procs.mon]) {
      if (p?.pid) {
        await stopPid(p.pid, 10_000);
        await p.result.catch(() => undefined);
      }
    }
  };

  const startGateway = async () => {
    procs.rgw = daemon('radosgw', ['-n', 'client.rgw']);
    const exited = procs.rgw.result.then((r) => `radosgw exited ${r.exitCode ?? r.signal}`);
    const up = await Promise.race([waitForPort(rgwPort, CEPH_TIMEOUT_MS).then(() => 'up'), exited]);
    if (up !== 'up') throw new Error(`${up}: ${stderrLog.slice(-20).join('\n')}`);
    // The port opens before the gateway has its pools and realm: wait for a real S3 answer.
    const deadline = Date.now() + CEPH_TIMEOUT_MS;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${rgwPort}/`)
        .then((r) => r.status > 0)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error('radosgw listens but does not answer');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const createUser = async (uid: string): Promise<S3Keys> => {
    const keys = { accessKeyId: randomBytes(10).toString('hex').toUpperCase(), secretAccessKey: randomBytes(20).toString('base64url') };
    await run('radosgw-admin', ['-c', conf, '-n', 'client.rgw', 'user', 'create', '--uid', uid, '--display-name', uid, '--access-key', keys.accessKeyId, '--secret-key', keys.secretAccessKey]);
    return keys;
  };

  try {
    await mkdir(join(dir, 'mon.a'));
    await mkdir(join(dir, 'osd.0'));
    await run('ceph-authtool', ['--create-keyring', join(dir, 'keyring'), '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
    await run('monmaptool', ['--create', '--fsid', fsid, '--addv', 'a', `[v2:127.0.0.1:${monPort}]`, join(dir, 'monmap')]);
    await run('ceph-mon', ['-c', conf, '-i', 'a', '--mkfs', '--monmap', join(dir, 'monmap'), '--keyring', join(dir, 'keyring')]);
    procs.mon = daemon('ceph-mon', ['-i', 'a']);
    await waitForPort(monPort, CEPH_TIMEOUT_MS);
    const osdId = (await ceph(['osd', 'new', osdUuid])).trim();
    await run('ceph-osd', ['-c', conf, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid]);
    procs.osd = daemon('ceph-osd', ['-i', osdId]);
    const deadline = Date.now() + CEPH_TIMEOUT_MS;
    while (!new RegExp(`^osd\\.${osdId} up`, 'm').test(await ceph(['osd', 'dump']))) {
      if (Date.now() > deadline) throw new Error(`osd.${osdId} did not come up: ${stderrLog.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await startGateway();
    const keys = await createUser('kura-test');
    return {
      ...keys,
      endpoint: `http://127.0.0.1:${rgwPort}`,
      port: rgwPort,
      region: 'us-east-1',
      dir,
      pids: () => ({ mon: procs.mon!.pid!, osd: procs.osd!.pid!, rgw: procs.rgw?.pid ?? null }),
      createUser,
      async createBucket(name, opts = {}) {
        const c = new S3Client({ endpoint: `http://127.0.0.1:${rgwPort}`, region: 'us-east-1', forcePathStyle: true, credentials: keys, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
        try {
          await c.send(new CreateBucketCommand({ Bucket: name, ...(opts.objectLock ? { ObjectLockEnabledForBucket: true } : {}) }));
        } finally {
          c.destroy();
        }
      },
      async killGateway() {
        const p = procs.rgw;
        if (!p?.pid) return;
        process.kill(p.pid, 'SIGKILL');
        await p.result.catch(() => undefined);
        procs.rgw = undefined;
      },
      startGateway,
      async stop() {
        await stopAll();
        await tmp.cleanup();
      },
    };
  } catch (err) {
    await stopAll();
    const logs = await readFile(join(dir, 'client.rgw.log'), 'utf8').catch(() => '');
    await tmp.cleanup();
    throw new Error(`the Ceph S3 gateway did not start: ${(err as Error).message}\n${logs.slice(-2000)}`);
  }
}
