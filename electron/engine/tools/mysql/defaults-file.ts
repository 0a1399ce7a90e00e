/**
 * The option file ("defaults file") that carries connection settings to mysqldump and mysql.
 *
 * Why an option file: a password in argv is readable by every user on the machine (`ps`,
 * /proc/<pid>/cmdline), and MYSQL_PWD is deprecated and also visible in /proc/<pid>/environ to the
 * same user. The clients read `--defaults-extra-file` as their first option.
 *
 * Why not a file on disk (principle 4: a leftover file counts): a 0600 file deleted in `finally`
 * survives a kill -9 of Kura, a crash or a power cut, with the password in it, in a temp folder
 * nobody looks at. So on Linux and macOS the "file" is a FIFO (named pipe, mkfifo -m 600 in a 0700
 * folder): it holds no bytes; Kura writes the settings into it each time a client opens it, and a
 * leftover FIFO after a crash is an empty name. How the clients read it decides whether that works:
 *   - MySQL's clients (mysys/my_default.cc, check_file_permissions + search_default_file_with_ext)
 *     stat() the file only to skip world-writable *regular* files and .mylogin.cnf permissions, then
 *     fopen() it once and read it with fgets() to the end: a FIFO is accepted and read like a file.
 *   - MariaDB's clients (10.11, tested here: test/unit/tools/mysql/defaults-file.test.ts and every
 *     integration test) open it exactly once per program run, at start-up, read to end of file,
 *     and never reopen or seek it — `mariadb`, `mariadb-dump`, `--print-defaults` alike.
 * Serving: a poll loop opens the FIFO for writing with O_NONBLOCK, which fails (ENXIO) at once while
 * no reader has it open and succeeds when one does — so nothing ever blocks, not even on a reader
 * that never comes. Each success writes the whole text in one write() of at most PIPE_BUF bytes
 * (atomic: all or nothing) and closes, which gives the reader its end of file. After serving, the
 * loop waits 25 ms (the reader reads and closes), then polls every 2 ms backing off to 10 ms when idle
 * (a client waits that long at most, once). A reader still reading when the next poll comes gets the
 * text twice; the same options twice mean the same thing, and an atomic write never gives half a line.
 * One reader at a time: two clients opening one FIFO at the same instant would share one copy, so
 * Kura never runs two clients on one option file at once (each withDefaultsFile call has its own).
 *
 * Windows has no FIFOs (a named pipe path is not something the clients' stat()/fopen() accept), and
 * neither does a file system that refuses mkfifo, and a text over PIPE_BUF cannot be written
 * atomically: then it is a 0600 file — under `$KURA_HOME/tmp/` (configureOptionFiles, called by every
 * start of Kura through createEngine), where the next start sweeps away the folder of any Kura process
 * that is no longer running (sweepOptionFiles). Each folder carries its owner's process id for that.
 * A client Kura started in the last milliseconds before it was killed may still be waiting in open()
 * on the FIFO: the sweep hands it an option no client knows, so it exits at once without connecting.
 *
 * Everything admin-supplied (host, user, password) goes in here, quoted for the option-file syntax,
 * so none of it can be mistaken for a command-line option.
 */
import { closeSync, constants as fsc, openSync, writeSync } from 'node:fs';
import { lstat, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KuraError } from '../../errors.js';
import { runProcess } from '../../process/run-process.js';
import { isProcessAlive } from '../../util/process-alive.js';
import type { MysqlTarget } from './types.js';

/**
 * Quotes a value for a MySQL/MariaDB option file. The readers strip one pair of surrounding quotes
 * and then translate \\ \" \' \n \r \t \b, so quoting stops "#" and ";" being read as comments and
 * keeps leading/trailing spaces; escaping keeps quotes, backslashes and line breaks intact.
 * NUL cannot be represented at all, so it is refused rather than silently truncating a password.
 */
export function formatOptionValue(value: string, option: 'host' | 'user' | 'password' | 'value' = 'value'): string {
  if (value.includes('\0')) {
    throw new KuraError({ code: 'invalid-option-value', params: { option }, category: 'config' });
  }
  const escaped = value.replace(/[\\"'\n\r\t\b]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case "'":
        return "\\'";
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return '\\b';
    }
  });
  return `"${escaped}"`;
}

/**
 * The file's text. `protocol=TCP` because with host "localhost" the clients silently switch to the
 * local socket and ignore the port, so a server on another port would be missed (or the wrong one used).
 * A null password writes no password line: the account has none, or the admin's own option files supply it.
 */
export function renderDefaultsFile(target: MysqlTarget): string {
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new KuraError({ code: 'mysql-invalid-port', params: { port: String(target.port) }, category: 'config' });
  }
  const lines = [
    '[client]',
    `host=${formatOptionValue(target.host, 'host')}`,
    `port=${target.port}`,
    'protocol=TCP',
    `user=${formatOptionValue(target.user, 'user')}`,
  ];
  if (target.password !== null) lines.push(`password=${formatOptionValue(target.password, 'password')}`);
  return lines.join('\n') + '\n';
}

/** How the settings reach the client: a FIFO served from memory, or a 0600 file (Windows, fallback). */
export type OptionFileMode = 'fifo' | 'file';

/** Where the option files' folders go: `$KURA_HOME/tmp` once configured, the OS temp folder before. */
let optionFileRoot: string | null = null;

/** Called by every start of Kura (createEngine): option files live under `$KURA_HOME/tmp`, swept at start. */
export function configureOptionFiles(root: string): void {
  optionFileRoot = root;
}

export function optionFilesRoot(): string {
  return optionFileRoot ?? tmpdir();
}

/** Names of the per-use folders: `kura-my-<pid>-<random>`, so a sweep knows whose they are. */
const ENTRY = /^kura-my-(\d+)-[0-9a-f]+$/;
/** The folders older Kura versions made in the OS temp folder (mkdtemp), swept once they are a day old. */
const LEGACY_ENTRY = /^kura-my-[A-Za-z0-9]{6}$/;
const LEGACY_AGE_MS = 24 * 60 * 60 * 1000;
/** POSIX guarantees writes of up to 512 bytes to a pipe are atomic; Linux and macOS guarantee 4096. */
const PIPE_BUF = process.platform === 'linux' || process.platform === 'darwin' ? 4096 : 512;

/**
 * Gives `fn` the path of an option file holding the target's settings and removes it whatever
 * happens — success, tool failure, cancellation or an exception. `mode` is for tests; by default a
 * FIFO wherever the platform has them.
 */
export async function withDefaultsFile<T>(target: MysqlTarget, fn: (path: string) => Promise<T>, options: { mode?: OptionFileMode } = {}): Promise<T> {
  const text = Buffer.from(renderDefaultsFile(target), 'utf8');
  const root = optionFilesRoot();
  await mkdir(root, { recursive: true, mode: 0o700 });
  const dir = join(root, `kura-my-${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { mode: 0o700 });
  const path = join(dir, 'client.cnf');
  let server: FifoServer | null = null;
  try {
    const wantFifo = (options.mode ?? (process.platform === 'win32' ? 'file' : 'fifo')) === 'fifo' && text.length <= PIPE_BUF;
    if (wantFifo && (await makeFifo(path))) {
      server = new FifoServer(path, text);
      server.start();
    } else {
      // 'wx': never follow or reuse something already there; mode applies at creation.
      const fh = await open(path, 'wx', 0o600);
      try {
        await fh.writeFile(text);
      } finally {
        await fh.close();
      }
    }
    return await fn(path);
  } finally {
    server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function makeFifo(path: string): Promise<boolean> {
  try {
    const r = await runProcess({ file: 'mkfifo', args: ['-m', '600', path] });
    return r.exitCode === 0 && (await lstat(path)).isFIFO();
  } catch {
    return false;
  }
}

const POLL_MIN_MS = 2;
const POLL_MAX_MS = 10;
const AFTER_SERVE_MS = 25;

/** Writes `text` to every reader that opens the FIFO, never blocking (see the header). */
class FifoServer {
  private timer: NodeJS.Timeout | null = null;
  private interval = POLL_MIN_MS;
  private stopped = false;

  constructor(
    private readonly path: string,
    private readonly text: Buffer,
  ) {}

  start(): void {
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    // A reader that opened but was not served yet would wait forever once the FIFO is gone.
    releaseReaders(this.path);
  }

  private tick = (): void => {
    if (this.stopped) return;
    let delay: number;
    if (serveOnce(this.path, this.text)) {
      delay = AFTER_SERVE_MS;
      this.interval = POLL_MIN_MS;
    } else {
      delay = this.interval;
      this.interval = Math.min(POLL_MAX_MS, this.interval * 2);
    }
    this.timer = setTimeout(this.tick, delay);
    this.timer.unref();
  };
}

/** One non-blocking attempt: true when a reader was there and got the text. */
function serveOnce(path: string, text: Buffer | null): boolean {
  let fd: number;
  try {
    fd = openSync(path, fsc.O_WRONLY | fsc.O_NONBLOCK);
  } catch {
    // ENXIO: nobody is reading. ENOENT: removed under us. Either way nothing to serve now.
    return false;
  }
  try {
    if (text) writeSync(fd, text);
  } catch {
    // EAGAIN (the reader's pipe is full of earlier copies) or EPIPE (it left): it has what it needs.
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * What a client still waiting on a FIFO nobody will serve any more is given: an option no client
 * knows, so it stops at once ("unknown option '--kura-option-file-expired'") — an empty file would
 * make it try the local server's socket as the OS user instead.
 */
const EXPIRED = Buffer.from('[client]\nkura-option-file-expired\n', 'latin1');

function releaseReaders(path: string): void {
  // One open frees every reader blocked in open() (Kura never has two on one FIFO) and hands it the
  // text and its end of file.
  serveOnce(path, EXPIRED);
}

/**
 * Removes what crashed or killed Kura processes left under `root` (folders whose process is gone),
 * first handing any client still blocked on a FIFO there its end of file, and the folders older Kura
 * versions left in the OS temp folder once they are a day old. Never touches a live process's folder.
 * Returns how many were removed. Errors are ignored: this is housekeeping, never a reason to fail.
 */
export async function sweepOptionFiles(root: string = optionFilesRoot(), now: number = Date.now()): Promise<number> {
  let removed = 0;
  const dirs: { root: string; legacy: boolean }[] = [{ root, legacy: false }];
  if (root !== tmpdir()) dirs.push({ root: tmpdir(), legacy: true });
  for (const d of dirs) {
    const names = await readdir(d.root).catch(() => [] as string[]);
    for (const name of names) {
      const dir = join(d.root, name);
      const m = ENTRY.exec(name);
      let stale = false;
      if (m) {
        stale = Number(m[1]) !== process.pid && !isProcessAlive(Number(m[1]));
      } else if (d.legacy && LEGACY_ENTRY.test(name)) {
        const st = await stat(dir).catch(() => null);
        stale = st !== null && st.isDirectory() && now - st.mtimeMs > LEGACY_AGE_MS;
      }
      if (!stale) continue;
      for (const f of await readdir(dir).catch(() => [] as string[])) {
        const p = join(dir, f);
        if ((await lstat(p).catch(() => null))?.isFIFO()) releaseReaders(p);
      }
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      removed++;
    }
  }
  return removed;
}
