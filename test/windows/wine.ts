/**
 * Starts Windows programs (the Windows build of Node.js running Kura) under Wine for the Windows
 * job (test/windows/run.sh prepares everything and passes it in KURA_WIN_*).
 *
 * Why not run-process.ts: Windows Node under Wine cannot use a Unix pipe as stdin/stdout (it stops
 * with EBADF at start), so every stream goes through a file here, which needs raw file descriptors
 * as stdio — a test-only need that the product's runner should not grow.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WindowsJob {
  /** node.exe (a Unix path; Wine runs it). */
  node: string;
  /** The project copy with the Windows node_modules, as a Unix path. */
  app: string;
  fakeRsync: string;
  /** hold-file.exe (test/windows/native/hold-file.c): holds a file the way a scanner does. */
  holdFile: string;
}

/** The job's pieces, or null outside `npm run test:windows`. */
export function windowsJob(): WindowsJob | null {
  const node = process.env['KURA_WIN_NODE'];
  const app = process.env['KURA_WIN_APP'];
  const fakeRsync = process.env['KURA_WIN_FAKE_RSYNC'];
  const holdFile = process.env['KURA_WIN_HOLD_FILE'];
  return node && app && fakeRsync && holdFile ? { node, app, fakeRsync, holdFile } : null;
}

/** A Unix path as Windows programs under Wine see it (drive Z: is the Unix root). */
export function winPath(unixPath: string): string {
  return 'Z:' + unixPath.replace(/\//g, '\\');
}

/** A path inside the Wine prefix's C: drive, as a Unix path. */
export function driveC(windowsPath: string): string {
  const prefix = process.env['WINEPREFIX'];
  if (!prefix) throw new Error('WINEPREFIX is not set');
  if (!/^C:\\/i.test(windowsPath)) throw new Error(`not a C:\\ path: ${windowsPath}`);
  return join(prefix, 'drive_c', ...windowsPath.slice(3).split('\\'));
}

export interface WinResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: unknown;
}

interface StreamFiles {
  dir: string;
  stdin: string;
  stdout: string;
  stderr: string;
}

async function streamFiles(input: string): Promise<StreamFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'kura-wine-io-'));
  const files = { dir, stdin: join(dir, 'stdin'), stdout: join(dir, 'stdout'), stderr: join(dir, 'stderr') };
  writeFileSync(files.stdin, input);
  return files;
}

/** Kills a spawnWine program and every Windows program it started that is still in its process group. */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already
  }
}

function spawnWine(job: WindowsJob, args: string[], env: Record<string, string>, files: StreamFiles): ChildProcess {
  const fds = [openSync(files.stdin, 'r'), openSync(files.stdout, 'w'), openSync(files.stderr, 'w')];
  try {
    // Its own process group (detached): the Windows programs it starts stay in it, so a program that
    // Wine left half-exited can be killed with the rest (killGroup).
    return spawn('wine', [job.node, ...args], { cwd: job.app, env: { ...process.env, ...env }, stdio: fds, detached: true });
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

/**
 * Wine's own server (wineserver) died or dropped a Windows program's connection: every Windows
 * process then stalls for good, or the program stops at once with "wine client error:0: recvmsg:
 * Connection reset by peer" before Node has started. Seen a few times an hour on this 2-core machine
 * under load during the inner unit run (Wine 8, 2026-12-06), and once in the CLI test on CI
 * (2026-12-07, `kura run` started right after `kura secret set` had exited). It says nothing about Kura, so
 * the caller may run the same work again on a fresh server — never a run that finished.
 */
class WineServerCrashed extends Error {
  constructor(readonly output: string) {
    super(`Wine's server crashed or dropped the program (wineserver), so the Windows program stopped or stalled; the end of its output:\n${output.slice(-3000)}`);
  }
}

/** Wine's own words when its server is gone: "wineserver crashed", or the client's lost connection. */
const WINESERVER_CRASHED = /wineserver crashed|wine client error:\d+: (?:recvmsg|sendmsg|read|write)[^\n]*(?:Connection reset by peer|Broken pipe)/;

/** The Linux processes of this prefix's Wine: its wineserver and every Windows program (/proc). */
function prefixProcesses(): Array<{ pid: number; server: boolean }> {
  const prefix = process.env['WINEPREFIX'];
  if (!prefix) return [];
  const found: Array<{ pid: number; server: boolean }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const exe = readlinkSync(`/proc/${name}/exe`);
      if (!/\/wine[^/]*$/.test(exe)) continue; // wine64, wine64-preloader, wineserver64 — not this test's node
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(`WINEPREFIX=${prefix}`)) continue;
      found.push({ pid: Number(name), server: /wineserver[^/]*$/.test(exe) });
    } catch {
      // gone, or a zombie (no exe)
    }
  }
  return found;
}

/** The pid of this prefix's running wineserver, or null when none runs. */
export function wineServerPid(): number | null {
  return prefixProcesses().find((p) => p.server)?.pid ?? null;
}

/** Whether a process still runs (a zombie — exited, not yet reaped — does not). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Starts this prefix's wineserver with no idle timeout (`wineserver -p`), as run.sh does before the
 * tests. A server that `wine` starts for itself (Debian's wrapper passes -p0) begins to shut down as
 * soon as its last program has exited, in stages that signal and then kill Wine's own system
 * processes; a program started in that window can lose its connection. One that stays up has none.
 */
export async function startWineServer(): Promise<void> {
  await new Promise<void>((resolve) => {
    // Without -f the server puts itself in the background; this process exits once it listens.
    const p = spawn('wineserver', ['-p'], { stdio: 'ignore' });
    p.on('exit', () => resolve());
    p.on('error', () => resolve());
  });
}

/**
 * Stops this prefix's wineserver and every Windows process under it, and waits until they have
 * exited (a program started before the server is gone would connect to it). By pid, from /proc:
 * Windows programs of a server that crashed wait on it for ever, and `wineserver -k` once left the
 * job's server running (2026-12-07, seen after the installer test's stop and run.sh's cleanup).
 */
export async function stopWineServer(): Promise<void> {
  // First as Wine means it (the server saves the registry as it exits), then whatever is left by pid.
  await new Promise<void>((resolve) => {
    const k = spawn('wineserver', ['-k'], { stdio: 'ignore' });
    k.on('exit', () => resolve());
    k.on('error', () => resolve());
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const left = prefixProcesses().filter((p) => running(p.pid));
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`Wine's processes of this prefix did not exit: ${left.map((p) => p.pid).join(', ')}`);
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A fresh wineserver in place of one that crashed (stops what is left of it first). */
async function restartWineServer(): Promise<void> {
  await stopWineServer();
  await startWineServer();
}

/** Runs Windows node with `args` (e.g. out/cli/kura.js status) to the end. */
export async function runWindowsNode(
  job: WindowsJob,
  args: string[],
  env: Record<string, string> = {},
  options: { input?: string; timeoutMs?: number; /** Keep stdout and stderr here (also after a timeout). */ keepOutputAs?: string } = {},
): Promise<WinResult> {
  const files = await streamFiles(options.input ?? '');
  const output = () => `${readFileSync(files.stdout, 'utf8')}\n${readFileSync(files.stderr, 'utf8')}`;
  try {
    const child = spawnWine(job, args, env, files);
    // The job's server (run.sh starts one that stays up); if it dies, this program waits for ever.
    const server = wineServerPid();
    /** Wine's failure under this program — its server gone, or Wine's words for that — or null. */
    const wineFailure = (out: string): WineServerCrashed | null => {
      if (server !== null && !running(server)) return new WineServerCrashed(`${out}\n(the job's wineserver, pid ${server}, has exited)`);
      return WINESERVER_CRASHED.test(out) ? new WineServerCrashed(out) : null;
    };
    const code = await new Promise<number | null>((resolve, reject) => {
      let settled = false;
      const settle = (then: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(watch);
        then();
      };
      const timeoutMs = options.timeoutMs ?? 120_000;
      const timer = setTimeout(() => {
        settle(() => {
          killGroup(child);
          reject(new Error(`wine node ${args.join(' ')} did not finish within ${timeoutMs} ms; the end of its output:\n${output().slice(-6000)}`));
        });
      }, timeoutMs);
      // A crashed wineserver is said by the Windows program's Wine side — or not at all (its programs
      // then wait on it for ever): the server's own process is watched too. Waiting longer is useless.
      const watch = setInterval(() => {
        const failure = wineFailure(output());
        if (!failure) return;
        settle(() => {
          killGroup(child);
          reject(failure);
        });
      }, 1000);
      child.on('error', (err) => settle(() => reject(err)));
      child.on('exit', (c) => {
        settle(() => {
          const failure = wineFailure(output());
          if (failure) reject(failure);
          else resolve(c);
        });
      });
    });
    const stdout = readFileSync(files.stdout, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(stdout);
    } catch {
      /* not JSON */
    }
    return { code, stdout, stderr: readFileSync(files.stderr, 'utf8'), json };
  } finally {
    if (options.keepOutputAs) writeFileSync(options.keepOutputAs, output());
    await rm(files.dir, { recursive: true, force: true });
  }
}

/**
 * Runs `work` once more on a fresh wineserver when Wine's server failed under it (WineServerCrashed),
 * and says so; any other failure, a second crash, and every finished program's result are the
 * caller's to judge. `work` is a whole test or a whole group of the inner unit run, run again from
 * its start: a crashed server also loses what it had not yet saved of the registry — Credential
 * Manager's passwords among it — so one command alone cannot be run again (seen: a restore after the
 * crash found no password).
 */
export async function againOnWineFailure<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof WineServerCrashed)) throw err;
    console.log(`${what}: Wine's server failed; run again from the start on a fresh one.\n${err.output.slice(-1500)}`);
    await restartWineServer();
    return work();
  }
}

/** Runs the built `kura` (out/cli/kura.js of the project copy) under Windows node. */
export function runWindowsKura(job: WindowsJob, args: string[], env: Record<string, string>, options: { input?: string; timeoutMs?: number } = {}) {
  return runWindowsNode(job, ['out\\cli\\kura.js', ...args], env, options);
}

export interface WinBackground {
  /** Resolves with the first stdout match of `pattern` (rejects if the program exits first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts Windows node in the background (e.g. `kura serve`); its output is read back from files. */
export async function startWindowsNode(job: WindowsJob, args: string[], env: Record<string, string>): Promise<WinBackground> {
  const files = await streamFiles('');
  const child = spawnWine(job, args, env, files);
  let exited = false;
  child.on('exit', () => (exited = true));
  const read = (f: string) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(read(files.stdout));
        if (m) return m;
        if (exited) throw new Error(`exited before printing ${pattern}: ${read(files.stderr)}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms: ${read(files.stderr)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stdout: () => read(files.stdout),
    stderr: () => read(files.stderr),
    async stop() {
      if (!exited) {
        killGroup(child);
        await new Promise((r) => child.once('exit', r));
      }
      await rm(files.dir, { recursive: true, force: true });
    },
  };
}
