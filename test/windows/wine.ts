/**
 * Starts Windows programs (the Windows build of Node.js running Kura) under Wine for the Windows
 * job (test/windows/run.sh prepares everything and passes it in KURA_WIN_*).
 *
 * Why not run-process.ts: Windows Node under Wine cannot use a Unix pipe as stdin/stdout (it stops
 * with EBADF at start), so every stream goes through a file here, which needs raw file descriptors
 * as stdio — a test-only need that the product's runner should not grow.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
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

function spawnWine(job: WindowsJob, args: string[], env: Record<string, string>, files: StreamFiles): ChildProcess {
  const fds = [openSync(files.stdin, 'r'), openSync(files.stdout, 'w'), openSync(files.stderr, 'w')];
  try {
    return spawn('wine', [job.node, ...args], { cwd: job.app, env: { ...process.env, ...env }, stdio: fds });
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

/**
 * Wine's own server (wineserver) died under the Windows programs: every Windows process then stalls
 * for good. Seen a few times an hour on this 2-core machine under load during the inner unit run
 * (Wine 8, 2026-12-06), in tests that start and kill many Windows processes. It says nothing about
 * Kura, so the caller may run the same work again on a fresh server — never a run that finished.
 */
export class WineServerCrashed extends Error {
  constructor(readonly output: string) {
    super(`Wine's server crashed (wineserver), so the Windows programs stalled; the end of their output:\n${output.slice(-3000)}`);
  }
}

const WINESERVER_CRASHED = /wineserver crashed/;

/** Stops this prefix's wineserver and every Windows process under it (the next `wine` starts a new one). */
export async function restartWineServer(): Promise<void> {
  await new Promise<void>((resolve) => {
    const k = spawn('wineserver', ['-k'], { stdio: 'ignore' });
    k.on('exit', () => resolve());
    k.on('error', () => resolve());
  });
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
    const code = await new Promise<number | null>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 120_000;
      const timer = setTimeout(() => {
        clearInterval(watch);
        child.kill('SIGKILL');
        reject(new Error(`wine node ${args.join(' ')} did not finish within ${timeoutMs} ms; the end of its output:\n${output().slice(-6000)}`));
      }, timeoutMs);
      // A crashed wineserver is said once by the Windows program's Wine side; waiting longer is useless.
      const watch = setInterval(() => {
        const out = output();
        if (!WINESERVER_CRASHED.test(out)) return;
        clearTimeout(timer);
        clearInterval(watch);
        child.kill('SIGKILL');
        reject(new WineServerCrashed(out));
      }, 1000);
      child.on('error', reject);
      child.on('exit', (c) => {
        clearTimeout(timer);
        clearInterval(watch);
        if (WINESERVER_CRASHED.test(output())) reject(new WineServerCrashed(output()));
        else resolve(c);
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
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
      await rm(files.dir, { recursive: true, force: true });
    },
  };
}
