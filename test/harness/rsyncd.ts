/**
 * A real rsync daemon for tests: `rsync --daemon --no-detach` on a free loopback port, configured in
 * a temp folder (rsyncd.conf, one 0600 secrets file per module, log and pid files), stopped by PID.
 *
 * It runs as root with `uid = root`/`gid = root` (the daemon would otherwise drop to nobody and
 * not read the test trees) and `use chroot = no` (chroot needs the module path as a real root and
 * breaks symlink tests). A module may still set its own uid/gid to provoke "permission denied".
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../../electron/engine/process/run-process.js';
import { freePort, waitForPort } from './ports.js';
import { stopPid, tempDir } from './tmp.js';

export interface RsyncModuleSpec {
  name: string;
  path: string;
  /** Default true, like rsyncd itself. */
  readOnly?: boolean;
  /** user → password; the module then requires one of them. */
  authUsers?: Record<string, string>;
  /** Run this module's transfers as another user (e.g. "nobody") to make root-owned 0600 files unreadable. */
  uid?: string;
  gid?: string;
  /** A shell command the daemon runs before each transfer (e.g. "sleep 5" for a slow server). */
  preXferExec?: string;
  /** Raw extra `key = value` lines for the module. */
  extra?: string[];
}

export interface RsyncDaemon {
  port: number;
  pid: number;
  configPath: string;
  logPath: string;
  dir: string;
  /** The daemon's log so far (handy in failure messages). */
  log(): Promise<string>;
  /** SIGTERM the daemon and its per-connection children, then remove the temp folder. */
  stop(): Promise<void>;
  /** SIGKILL: the server "crashes" (the temp folder stays until stop()). */
  kill(): Promise<void>;
}

export async function startRsyncDaemon(modules: RsyncModuleSpec[], options: { rsyncPath?: string } = {}): Promise<RsyncDaemon> {
  const tmp = await tempDir('kura-rsyncd-');
  const configPath = join(tmp.path, 'rsyncd.conf');
  const logPath = join(tmp.path, 'rsyncd.log');
  const pidPath = join(tmp.path, 'rsyncd.pid');

  const lines = [`pid file = ${pidPath}`, `log file = ${logPath}`, 'use chroot = no', 'uid = root', 'gid = root', 'reverse lookup = no', ''];
  for (const [i, m] of modules.entries()) {
    for (const v of [m.name, m.path, ...(m.extra ?? []), m.preXferExec ?? '', ...Object.entries(m.authUsers ?? {}).flat()]) {
      if (/[\r\n]/.test(v)) throw new Error(`rsyncd harness: unusable value ${JSON.stringify(v)}`);
    }
    if (m.name.includes(']')) throw new Error(`rsyncd harness: unusable module name ${JSON.stringify(m.name)}`);
    lines.push(`[${m.name}]`, `  path = ${m.path}`, `  read only = ${m.readOnly === false ? 'no' : 'yes'}`);
    if (m.uid) lines.push(`  uid = ${m.uid}`);
    if (m.gid) lines.push(`  gid = ${m.gid}`);
    if (m.preXferExec) lines.push(`  pre-xfer exec = ${m.preXferExec}`);
    if (m.authUsers && Object.keys(m.authUsers).length > 0) {
      const secretsPath = join(tmp.path, `module-${i}.secrets`);
      const body = Object.entries(m.authUsers).map(([u, p]) => `${u}:${p}\n`).join('');
      await writeFile(secretsPath, body, { mode: 0o600 });
      await chmod(secretsPath, 0o600);
      lines.push(`  auth users = ${Object.keys(m.authUsers).join(', ')}`, `  secrets file = ${secretsPath}`);
    }
    for (const e of m.extra ?? []) lines.push(`  ${e}`);
    lines.push('');
  }
  await writeFile(configPath, lines.join('\n'));

  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const proc = startProcess(
      {
        file: options.rsyncPath ?? 'rsync',
        args: ['--daemon', '--no-detach', `--config=${configPath}`, `--port=${port}`, '--address=127.0.0.1'],
      },
      { stdout: 'ignore' },
    );
    const exited = proc.result.then(
      (r) => `exited ${r.exitCode ?? r.signal}: ${r.stderr}`,
      (e: unknown) => String(e),
    );
    const ready = await Promise.race([waitForPort(port, 15_000).then(() => 'ready'), exited]);
    if (ready === 'ready' && proc.pid) {
      const pid = proc.pid;
      const kill = async (signal: NodeJS.Signals) => {
        const tree = [pid, ...descendants(pid)];
        for (const p of tree.reverse()) {
          try {
            process.kill(p, signal);
          } catch {
            /* already gone */
          }
        }
      };
      return {
        port,
        pid,
        configPath,
        logPath,
        dir: tmp.path,
        log: () => readFile(logPath, 'utf8').catch(() => ''),
        async stop() {
          const children = descendants(pid);
          await stopPid(pid);
          for (const c of children) await stopPid(c, 1000);
          await proc.result.catch(() => undefined);
          await tmp.cleanup();
        },
        async kill() {
          await kill('SIGKILL');
          await proc.result.catch(() => undefined);
        },
      };
    }
    lastError = String(await Promise.race([exited, new Promise((r) => setTimeout(() => r('did not listen'), 100))]));
    await stopPid(proc.pid);
  }
  await tmp.cleanup();
  throw new Error(`rsync daemon did not start: ${lastError}`);
}

/** PIDs whose parent chain leads to `pid` (the daemon forks one child per connection). */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const frontier = [pid];
  while (frontier.length > 0) {
    const p = frontier.pop()!;
    for (const [child, parent] of parentOf) {
      if (parent === p && !out.includes(child)) {
        out.push(child);
        frontier.push(child);
      }
    }
  }
  return out;
}
