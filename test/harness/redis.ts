/**
 * A throw-away redis-server for integration tests: `daemonize no` on 127.0.0.1:<free port>, its
 * `dir` in a temp folder, started and stopped by PID.
 *
 * Passwords and ACL users are set over the wire (CONFIG SET requirepass, ACL SETUSER) right after
 * start, so no secret is ever in argv or in the config file on disk — the same rule Kura follows.
 * Automatic saves are off (`save ""`) so the only snapshots are the ones a test asks for.
 */
import { readFileSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess } from '../../electron/engine/process/run-process.js';
import { connectRedis, RespClient } from '../../electron/engine/tools/redis/resp-client.js';
import type { RedisTarget } from '../../electron/engine/tools/redis/redis-target.js';
import { freePort, waitForPort, type ServerNetwork } from './ports.js';
import { stopPid, tempDir } from './tmp.js';

export interface RedisAclUser {
  name: string;
  password: string;
  /** ACL rules after "on >password", e.g. "~* &* +@all -sync -psync". */
  rules: string;
}

export interface StartRedisOptions {
  /** requirepass for the default user. */
  password?: string;
  aclUsers?: RedisAclUser[];
  appendonly?: boolean;
  /**
   * Extra redis.conf directives, written verbatim (no secrets here: the file is on disk). An array
   * repeats the directive: { 'rename-command': ['SYNC ""', 'PSYNC ""'] }.
   */
  extraConfig?: Record<string, string | number | readonly (string | number)[]>;
  /** Start on a copy of this RDB file (loaded at boot). */
  rdbFile?: string;
  /**
   * CONFIG REWRITE after the password and ACL users are set, so they survive a restart from
   * redis.conf (file-restore tests restart the server). Puts the test password into the temp
   * redis.conf, as an admin's own redis.conf holds requirepass.
   */
  saveConfig?: boolean;
  /** Run inside a shop world's namespace (its 127.0.0.1, a fixed port); `target` is then the harness's relay. */
  network?: ServerNetwork;
}

export interface RedisServer {
  port: number;
  /** The PID the harness started; after a restart through `serviceCommands()` see `pidFile`. */
  pid: number;
  dir: string;
  confPath: string;
  /** Redis writes its current PID here (also after a restart by `serviceCommands().start`). */
  pidFile: string;
  /**
   * Argv that stop and start this same server (port, dir, redis.conf) the way a service manager
   * would, for file-restore tests: stop kills the PID in `pidFile` and waits until it has exited;
   * start launches `redis-server redis.conf --daemonize yes` and returns once it has forked.
   * `stop()`/`kill()` of the harness also stop a server started this way.
   */
  serviceCommands(): { stop: string[]; start: string[] };
  target: RedisTarget;
  /** A logged-in client (default user); close it when done. */
  client(): Promise<RespClient>;
  /** SIGTERM (no save: automatic saves are off), then removes the temp dir. */
  stop(): Promise<void>;
  /** SIGKILL, then removes the temp dir. */
  kill(): Promise<void>;
}

const running = new Set<number>();
/** pidfiles of servers that may have been restarted (daemonized) outside the harness's own child. */
const pidFiles = new Set<string>();

function pidFromFile(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
let exitHookInstalled = false;

function quote(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisServer> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      const pids = [...running, ...[...pidFiles].map(pidFromFile).filter((p): p is number => p !== undefined)];
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    });
  }
  const dir = await tempDir('kura-redis-');
  if (opts.rdbFile) await copyFile(opts.rdbFile, join(dir.path, 'dump.rdb'));
  const logFile = join(dir.path, 'redis.log');
  const pidFile = join(dir.path, 'redis.pid');
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = opts.network?.port ?? (await freePort());
    const config: Record<string, string | number | readonly (string | number)[]> = {
      port,
      bind: '127.0.0.1',
      daemonize: 'no',
      dir: quote(dir.path),
      dbfilename: 'dump.rdb',
      logfile: quote(logFile),
      pidfile: quote(pidFile),
      save: '""',
      appendonly: opts.appendonly ? 'yes' : 'no',
      'enable-debug-command': 'yes',
      'repl-diskless-sync-delay': 0,
      ...opts.extraConfig,
    };
    const lines = Object.entries(config).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => `${k} ${one}`));
    const confPath = join(dir.path, 'redis.conf');
    await writeFile(confPath, lines.join('\n') + '\n');
    const wrap = (args: string[]) => (opts.network ? opts.network.wrap('redis-server', args) : { file: 'redis-server', args });
    const proc = startProcess(wrap([confPath]), { stdout: 'ignore' });
    pidFiles.add(pidFile);
    const pid = proc.pid;
    if (pid === undefined) throw new Error('redis-server did not start');
    running.add(pid);
    const exited = proc.result.then(() => true).catch(() => true);
    // In a namespace the harness reaches the server through its relay (a 127.0.0.1 port on this side).
    const reach = opts.network ? await opts.network.reach(port) : { host: '127.0.0.1', port };
    const up = await Promise.race([waitUp(reach, 20_000), exited.then(() => false)]);
    if (up) {
      const open: RedisTarget = { host: reach.host, port: reach.port, username: null, password: null };
      await waitLoaded(open);
      await configureAuth(open, opts);
      const target: RedisTarget = { ...open, password: opts.password ?? null };
      if (opts.saveConfig) {
        const c = await connectRedis(target);
        try {
          await c.call('CONFIG', 'REWRITE');
        } finally {
          await c.close();
        }
      }
      const cleanup = async (signal: 'SIGTERM' | 'SIGKILL') => {
        if (signal === 'SIGKILL') {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        await stopPid(pid, 10_000);
        await proc.result.catch(() => {});
        running.delete(pid);
        // A server restarted through serviceCommands() is a daemon the harness did not start itself.
        const current = pidFromFile(pidFile);
        if (current !== undefined && current !== pid) {
          if (signal === 'SIGKILL') {
            try {
              process.kill(current, 'SIGKILL');
            } catch {
              /* gone */
            }
          }
          await stopPid(current, 10_000);
        }
        pidFiles.delete(pidFile);
        await dir.cleanup();
      };
      return {
        port,
        pid,
        dir: dir.path,
        confPath,
        pidFile,
        serviceCommands: () => ({
          stop: ['sh', '-c', 'pid=$(cat "$1") && kill "$pid" && while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done', 'redis-stop', pidFile],
          start: (({ file, args }) => [file, ...args])(wrap([confPath, '--daemonize', 'yes'])),
        }),
        target,
        client: () => connectRedis(target),
        stop: () => cleanup('SIGTERM'),
        kill: () => cleanup('SIGKILL'),
      };
    }
    await stopPid(pid, 2000);
    await proc.result.catch(() => {});
    running.delete(pid);
    lastError = await readFile(logFile, 'utf8').catch(() => '(no log)');
    if (!/Address already in use/i.test(lastError)) break;
  }
  await dir.cleanup();
  throw new Error(`redis-server did not start:\n${lastError.slice(-2000)}`);
}

/** Waits until a PING gets any reply (a relay accepts at once, so a bare connect proves nothing). */
async function waitUp(addr: { host: string; port: number }, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  await waitForPort(addr.port, timeoutMs, addr.host).catch(() => {});
  while (Date.now() < deadline) {
    const ok = await RespClient.open({ host: addr.host, port: addr.port, username: null, password: null }, { connectTimeoutMs: 2000 })
      .then(async (c) => {
        try {
          await c.command('PING');
          return true;
        } finally {
          await c.close();
        }
      })
      .catch(() => false);
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Waits until the server answers PING with PONG (not -LOADING while it reads an RDB). */
async function waitLoaded(target: RedisTarget): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = await RespClient.open(target);
    try {
      const r = await c.command('PING');
      if (r.kind === 'simple' && r.value === 'PONG') return;
    } finally {
      await c.close();
    }
    if (Date.now() > deadline) throw new Error('redis-server did not finish loading');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function configureAuth(target: RedisTarget, opts: StartRedisOptions): Promise<void> {
  if (!opts.password && !opts.aclUsers?.length) return;
  const c = await RespClient.open(target);
  try {
    for (const u of opts.aclUsers ?? []) {
      const r = await c.command('ACL', 'SETUSER', u.name, 'reset', 'on', `>${u.password}`, ...u.rules.split(/\s+/).filter(Boolean));
      if (r.kind === 'error') throw new Error(`ACL SETUSER ${u.name}: ${r.message}`);
    }
    if (opts.password) {
      const r = await c.command('CONFIG', 'SET', 'requirepass', opts.password);
      if (r.kind === 'error') throw new Error(`CONFIG SET requirepass: ${r.message}`);
    }
  } finally {
    await c.close();
  }
}
