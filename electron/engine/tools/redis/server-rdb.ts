/**
 * A Redis snapshot made on the SSH server itself, for a source reached through SSH.
 *
 * Why: fetched through the forward (SYNC), the whole snapshot crosses the link every night — 1 GB
 * at 100 Mbit/s is well over a minute — although from one night to the next most of it is the
 * same. Made on the server by its own `redis-cli --rdb` (the same replication handshake Kura does,
 * run there against the server's 127.0.0.1, with the same least-privilege ACL user) into a private
 * folder of the SSH user, the file can be brought by rsync against the previous night's dump.rdb,
 * and only what changed crosses the link: the seed's way (its cron ran `redis-cli --rdb`, then rsync).
 *
 * This module only speaks to the server: the script, its progress and its refusals. It is a
 * shortcut, never a requirement — the caller falls back to the forward on any refusal (no redis-cli,
 * a key that allows only rsync, the server's disk full).
 * The password goes on the script's standard input, which redis-cli reads itself (`--askpass`): never
 * on a command line the server's `ps` would show, in an environment, or in a file.
 */
import { KuraError } from '../../errors.js';

/** How the script reaches the server: an SSH exec channel (SshConnection.exec). */
export type RemoteExec = (
  command: string,
  options: { stdin?: string; signal?: AbortSignal; onStdout?: (text: string) => void },
) => Promise<{ code: number | null; stdout: string; stderr: string }>;

export interface ServerRdbTarget {
  /** As the server sees it (the source's host, e.g. 127.0.0.1). */
  host: string;
  port: number;
  username: string | null;
  password: string | null;
}

export type ServerRdbOutcome =
  | { kind: 'made'; folder: string; bytes: number }
  /** The server could not or would not make it; `reason` is the server's own words, or null. */
  | { kind: 'refused'; why: 'no-redis-cli' | 'failed' | 'no-answer'; reason: string | null };

/** The script prints its progress and result on lines starting with this mark. */
const MARK = 'kura-rdb';
/** No sign of life from the server's save for this long: it is given up (the forward is tried). */
export const SERVER_RDB_IDLE_MS = 120_000;

/** The private folder on the server, relative to the SSH user's home (ids are [A-Za-z0-9_-]). */
export function serverRdbFolder(jobId: string, sourceId: string): string {
  return `.cache/kura/redis-${jobId}-${sourceId}`;
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The POSIX sh script (run as `sh -c '<script>'` whatever the user's login shell is). It prints
 * `kura-rdb size <bytes>` about every second while redis-cli writes (the idle check and the
 * progress) and `kura-rdb done <bytes> <absolute folder>` at the end; exit 127 when there is no
 * redis-cli. A file left by a run that was killed is removed first.
 */
export function serverRdbScript(folder: string, target: Pick<ServerRdbTarget, 'host' | 'port' | 'username'> & { withPassword: boolean }): string {
  const cli = ['redis-cli', '-h', shellQuote(target.host), '-p', String(target.port), ...(target.username ? ['--user', shellQuote(target.username)] : []), ...(target.withPassword ? ['--askpass'] : []), '--rdb', 'dump.rdb.part'];
  const script = [
    'umask 077',
    `d=${shellQuote(folder)}`,
    'mkdir -p "$d" && cd "$d" || exit 70',
    'rm -f dump.rdb dump.rdb.part',
    `command -v redis-cli >/dev/null 2>&1 || { echo "redis-cli: command not found" >&2; exit 127; }`,
    // A job in the background reads /dev/null unless told otherwise: fd 3 is the channel's stdin.
    'exec 3<&0',
    `${cli.join(' ')} <&3 >/dev/null 2>err.txt &`,
    'pid=$!',
    `while kill -0 "$pid" 2>/dev/null; do sleep 1; [ -f dump.rdb.part ] && echo "${MARK} size $(wc -c < dump.rdb.part)"; done`,
    'wait "$pid"; rc=$?',
    'if [ "$rc" -ne 0 ]; then cat err.txt >&2; rm -f dump.rdb.part err.txt; exit "$rc"; fi',
    'rm -f err.txt',
    // redis-cli exits 0 on some failures after printing them; only a non-empty file counts.
    '[ -s dump.rdb.part ] || { echo "redis-cli wrote no snapshot" >&2; rm -f dump.rdb.part; exit 1; }',
    'mv -f dump.rdb.part dump.rdb || exit 1',
    `echo "${MARK} done $(wc -c < dump.rdb) $(pwd)"`,
  ].join('\n');
  return `sh -c ${shellQuote(script)}`;
}

/** Asks the server to write the snapshot; `onBytes` follows the file as it grows. */
export async function makeServerRdb(
  exec: RemoteExec,
  folder: string,
  target: ServerRdbTarget,
  options: { signal?: AbortSignal; onBytes?: (bytes: number) => void; idleMs?: number } = {},
): Promise<ServerRdbOutcome> {
  // --askpass reads one line: a password with a line break cannot be handed over that way.
  if (target.password !== null && /[\r\n]/.test(target.password)) return { kind: 'refused', why: 'failed', reason: null };
  const idle = new AbortController();
  const idleMs = options.idleMs ?? SERVER_RDB_IDLE_MS;
  let timer = setTimeout(() => idle.abort(), idleMs);
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
  let pending = '';
  let done: { bytes: number; folder: string } | null = null;
  let lastSize = -1;
  const onStdout = (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const size = new RegExp(`^${MARK} size\\s+(\\d+)$`).exec(line);
      const end = new RegExp(`^${MARK} done\\s+(\\d+) (/.*)$`).exec(line);
      if (size) {
        const bytes = Number(size[1]);
        // Only a growing file is a sign of life (a save that hangs prints the same size forever).
        if (bytes !== lastSize) {
          lastSize = bytes;
          clearTimeout(timer);
          timer = setTimeout(() => idle.abort(), idleMs);
          options.onBytes?.(bytes);
        }
      } else if (end) {
        done = { bytes: Number(end[1]), folder: end[2]! };
      }
    }
  };
  try {
    const withPassword = target.password !== null && target.password !== '';
    const r = await exec(serverRdbScript(folder, { ...target, withPassword }), { stdin: withPassword ? `${target.password}\n` : '', signal, onStdout });
    const finished = done as { bytes: number; folder: string } | null;
    if (r.code === 0 && finished) return { kind: 'made', folder: finished.folder, bytes: finished.bytes };
    const reason = lastLine(r.stderr);
    return { kind: 'refused', why: r.code === 127 ? 'no-redis-cli' : 'failed', reason };
  } catch (err) {
    if (options.signal?.aborted) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
    if (idle.signal.aborted) return { kind: 'refused', why: 'no-answer', reason: null };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Removes the server's copy (the shop's data should not lie around on the server's disk). */
export async function removeServerRdb(exec: RemoteExec, folder: string): Promise<void> {
  await exec(`sh -c ${shellQuote(`rm -f ${shellQuote(folder)}/dump.rdb ${shellQuote(folder)}/dump.rdb.part ${shellQuote(folder)}/err.txt && rmdir ${shellQuote(folder)} 2>/dev/null; true`)}`, {});
}

function lastLine(text: string): string | null {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.at(-1)?.slice(0, 300) ?? null;
}
