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

/** How the request was put: the script itself, or the words of Server setup's gate (see serverRdbCommand). */
export type ServerRdbForm = 'shell' | 'gate';

export type ServerRdbOutcome =
  | { kind: 'made'; form: ServerRdbForm; folder: string; bytes: number }
  /** The server could not or would not make it; `reason` is the server's own words, or null. */
  | { kind: 'refused'; form: ServerRdbForm; why: 'no-redis-cli' | 'no-answer' | 'password-line-break'; reason: null }
  | { kind: 'refused'; form: ServerRdbForm; why: 'failed'; reason: string | null; code: number | null };

/** The script prints its progress and result on lines starting with this mark. */
const MARK = 'kura-rdb';
const SIZE_LINE = new RegExp(`^${MARK} size\\s+(\\d+)$`);
const DONE_LINE = new RegExp(`^${MARK} done\\s+(\\d+) (/.*)$`);
/** No sign of life from the server's save for this long: it is given up (the forward is tried). */
export const SERVER_RDB_IDLE_MS = 120_000;

/**
 * The private folder on the server, relative to the SSH user's home: `.cache/kura/redis-<name>`,
 * `<name>` = `<jobId>-<sourceId>` (ids are [A-Za-z0-9_-], so the name is too).
 */
export function serverRdbName(jobId: string, sourceId: string): string {
  return `${jobId}-${sourceId}`;
}

export function serverRdbFolder(name: string): string {
  return `.cache/kura/redis-${name}`;
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** redis-cli is not on the server (the script's own exit code: 127 is a shell's "no such command"). */
const EXIT_NO_REDIS_CLI = 69;

/**
 * The script's work, in POSIX sh, reading `$name $host $port $user $askpass` (set and checked by
 * whoever runs it). It prints `kura-rdb size <bytes>` about every second while redis-cli writes (the
 * idle check and the progress) and `kura-rdb done <bytes> <absolute folder>` at the end. A file left
 * by a killed run is removed first; only a file redis-cli finished is ever named.
 */
const SCRIPT_BODY = [
  'umask 077',
  'mkdir -p ".cache/kura/redis-$name" && cd ".cache/kura/redis-$name" || exit 70',
  'rm -f dump.rdb dump.rdb.part err.txt',
  `command -v redis-cli >/dev/null 2>&1 || { echo "redis-cli: command not found" >&2; exit ${EXIT_NO_REDIS_CLI}; }`,
  'set -- -h "$host" -p "$port"',
  'if [ -n "$user" ]; then set -- "$@" --user "$user"; fi',
  'if [ "$askpass" = yes ]; then set -- "$@" --askpass; fi',
  // A job in the background reads /dev/null unless told otherwise: fd 3 is the channel's stdin.
  'exec 3<&0',
  'redis-cli "$@" --rdb dump.rdb.part <&3 >/dev/null 2>err.txt &',
  'pid=$!',
  `while kill -0 "$pid" 2>/dev/null; do sleep 1; [ -f dump.rdb.part ] && echo "${MARK} size $(wc -c < dump.rdb.part)"; done`,
  'wait "$pid"; rc=$?',
  'if [ "$rc" -ne 0 ]; then cat err.txt >&2; rm -f dump.rdb.part err.txt; exit 1; fi',
  'rm -f err.txt',
  // redis-cli exits 0 on some failures after printing them; only a non-empty file counts.
  '[ -s dump.rdb.part ] || { echo "redis-cli wrote no snapshot" >&2; rm -f dump.rdb.part; exit 1; }',
  'mv -f dump.rdb.part dump.rdb || exit 1',
  `echo "${MARK} done $(wc -c < dump.rdb) $(pwd -P)"`,
].join('\n');

const REMOVE_BODY = 'rm -f ".cache/kura/redis-$name/dump.rdb" ".cache/kura/redis-$name/dump.rdb.part" ".cache/kura/redis-$name/err.txt"; rmdir ".cache/kura/redis-$name" 2>/dev/null; true';

interface ScriptArgs {
  name: string;
  host: string;
  port: number;
  username: string | null;
  withPassword: boolean;
}

/**
 * The two ways to ask. A login that may run commands gets the script itself (`sh -c '<script>'`,
 * whatever the user's login shell is). A key restricted by Server setup's gate (`gateScript`) may run
 * only the gate's own words: `kura-redis-rdb <name> <host> <port> <user|-> <yes|no>`, whose values the
 * gate checks before running the same script. A plain shell answers the gate's words with 127.
 */
export function serverRdbCommand(form: ServerRdbForm, a: ScriptArgs): string {
  switch (form) {
    case 'gate':
      return `kura-redis-rdb ${a.name} ${a.host} ${a.port} ${a.username ?? '-'} ${a.withPassword ? 'yes' : 'no'}`;
    case 'shell': {
      const vars = `name=${shellQuote(a.name)} host=${shellQuote(a.host)} port=${a.port} user=${shellQuote(a.username ?? '')} askpass=${a.withPassword ? 'yes' : 'no'}`;
      return `sh -c ${shellQuote(`${vars}\n${SCRIPT_BODY}`)}`;
    }
  }
}

export function serverRdbRemoveCommand(form: ServerRdbForm, name: string): string {
  switch (form) {
    case 'gate':
      return `kura-redis-rdb-remove ${name}`;
    case 'shell':
      return `sh -c ${shellQuote(`name=${shellQuote(name)}\n${REMOVE_BODY}`)}`;
  }
}

/**
 * The characters of each word the gate lets through (names, host names and users as Kura's config
 * allows them; none may start with "-"). One definition for both sides: the gate's shell checks and
 * Kura's own choice to send the gate's words at all (gateAccepts) can never disagree.
 */
const GATE_WORD = { name: 'A-Za-z0-9_-', host: 'A-Za-z0-9.:_-', user: 'A-Za-z0-9._-' } as const;

/** The gate's check of one word ($name, $host or $user): empty, a leading "-" or another character ends it. */
function wordCheck(word: keyof typeof GATE_WORD, more = ''): string {
  return `case "$${word}" in ${more}""|-*|*[!${GATE_WORD[word]}]*) echo "kura-gate: bad ${word}" >&2; exit 2;; esac`;
}

const GATE_CHECKS = [
  wordCheck('name'),
  wordCheck('host'),
  'case "$port" in ""|*[!0-9]*) echo "kura-gate: bad port" >&2; exit 2;; esac',
  // "-" stands for no user; checked first, so it is not refused as a leading "-".
  wordCheck('user', '-) user=;; '),
  'case "$askpass" in yes|no) ;; *) echo "kura-gate: bad askpass" >&2; exit 2;; esac',
].join('\n');

/**
 * The forced command for Kura's key when the job has a Redis source through SSH (Server setup shows
 * it; the admin saves it as `~/.ssh/kura-gate.sh`): `sh .ssh/kura-gate.sh <site|-> <host:port>…`.
 * The snapshot is made only from the Redis servers named on the key's line (the same ones its
 * permitopen allows); everything else goes to rrsync, read only: below the site folder, and below
 * `~/.cache/kura` for the snapshot the gate wrote. No shell: any other command is refused by rrsync.
 */
export function gateScript(header: readonly string[]): string {
  return [
    '#!/bin/sh',
    // What it is, in the admin's language (server-setup renders it).
    ...header.map((l) => `# ${l}`),
    'site=$1; shift',
    'case "$site" in -) site= ;; esac',
    'allowed=" $* "',
    'cmd=$SSH_ORIGINAL_COMMAND',
    'cd || exit 70',
    'cache=$(cd .cache/kura 2>/dev/null && pwd -P)',
    'case "$cmd" in',
    "  'kura-redis-rdb '*)",
    '    set -f; set -- $cmd',
    '    [ $# -eq 6 ] || { echo "kura-gate: bad request" >&2; exit 2; }',
    '    name=$2 host=$3 port=$4 user=$5 askpass=$6',
    indent(GATE_CHECKS),
    '    case "$allowed" in *" $host:$port "*) ;; *) echo "kura-gate: $host:$port is not a Redis this key may ask" >&2; exit 2;; esac',
    indent(SCRIPT_BODY),
    '    exit 0',
    '    ;;',
    "  'kura-redis-rdb-remove '*)",
    '    set -f; set -- $cmd',
    '    [ $# -eq 2 ] || exit 2',
    '    name=$2',
    `    ${wordCheck('name')}`,
    `    ${REMOVE_BODY}`,
    '    exit 0',
    '    ;;',
    `  'rsync --server --sender '*)`,
    '    if [ -n "$cache" ]; then case "$cmd" in *" $cache/redis-"*) exec rrsync -ro -absolute "$cache" ;; esac; fi',
    '    ;;',
    'esac',
    '[ -n "$site" ] || { echo "kura-gate: this key may not read files" >&2; exit 1; }',
    'exec rrsync -ro -absolute "$site"',
    '',
  ].join('\n');
}

/**
 * Asks the server to write the snapshot — in the gate's words first, then (when the login's shell
 * says it has no such command) as a script; `onBytes` follows the file as it grows. The outcome says
 * which form the server took, for the removal afterwards.
 */
export async function makeServerRdb(
  exec: RemoteExec,
  name: string,
  target: ServerRdbTarget,
  options: { signal?: AbortSignal; onBytes?: (bytes: number) => void; idleMs?: number } = {},
): Promise<ServerRdbOutcome> {
  // --askpass reads one line: a password with a line break cannot be handed over that way.
  if (target.password !== null && /[\r\n]/.test(target.password)) return { kind: 'refused', form: 'shell', why: 'password-line-break', reason: null };
  const args: ScriptArgs = { name, host: target.host, port: target.port, username: target.username, withPassword: target.password !== null && target.password !== '' };
  // The gate's words go unquoted (the gate splits them on spaces), and a login without the gate reads
  // them as shell words: only values the gate accepts, which hold no shell syntax, are sent that way.
  if (!gateAccepts(args)) return askOnce(exec, 'shell', args, target, options);
  const gate = await askOnce(exec, 'gate', args, target, options);
  const noGate = gate.kind === 'refused' && gate.why === 'failed' && (gate.code === 127 || /kura-redis-rdb:.*not found/i.test(gate.reason ?? ''));
  return noGate ? askOnce(exec, 'shell', args, target, options) : gate;
}

/** The same checks as the gate's (GATE_CHECKS). */
function gateAccepts(a: ScriptArgs): boolean {
  const ok = (word: keyof typeof GATE_WORD, v: string) => !v.startsWith('-') && new RegExp(`^[${GATE_WORD[word]}]+$`).test(v);
  return ok('name', a.name) && ok('host', a.host) && (a.username === null || ok('user', a.username)) && Number.isInteger(a.port);
}

async function askOnce(
  exec: RemoteExec,
  form: ServerRdbForm,
  args: ScriptArgs,
  target: ServerRdbTarget,
  options: { signal?: AbortSignal; onBytes?: (bytes: number) => void; idleMs?: number },
): Promise<ServerRdbOutcome> {
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
      const size = SIZE_LINE.exec(line);
      const end = DONE_LINE.exec(line);
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
    const r = await exec(serverRdbCommand(form, args), { stdin: args.withPassword ? `${target.password}\n` : '', signal, onStdout });
    const finished = done as { bytes: number; folder: string } | null;
    if (r.code === 0 && finished) return { kind: 'made', form, folder: finished.folder, bytes: finished.bytes };
    if (r.code === EXIT_NO_REDIS_CLI) return { kind: 'refused', form, why: 'no-redis-cli', reason: null };
    return { kind: 'refused', form, why: 'failed', reason: lastLine(r.stderr), code: r.code };
  } catch (err) {
    if (options.signal?.aborted) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
    if (idle.signal.aborted) return { kind: 'refused', form, why: 'no-answer', reason: null };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Removes the server's copy (the shop's data should not lie around on the server's disk). */
export async function removeServerRdb(exec: RemoteExec, form: ServerRdbForm, name: string): Promise<void> {
  await exec(serverRdbRemoveCommand(form, name), {});
}

function indent(lines: string): string {
  return lines
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function lastLine(text: string): string | null {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.at(-1)?.slice(0, 300) ?? null;
}
