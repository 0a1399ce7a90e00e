/**
 * Finds rsync and learns what it can do, once per run (what `--version` said is remembered per binary
 * between runs: VersionMemo), so the argv builder never has to guess.
 *
 * Why the flavour comes from the platform and not from `--version`: cwRsync prints exactly the
 * same banner as a Linux rsync (it *is* rsync, built for Cygwin). What differs is the world around
 * it — `/cygdrive/c/...` paths, NTFS where permission bits break hard-linking, and the Cygwin ssh
 * shipped next to it — and all of that follows from running on Windows. The platform is a
 * parameter so the Windows behaviour can be unit-tested on Linux.
 */
import { access, constants, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { KuraError } from '../../errors.js';
import type { Logger } from '../../progress.js';
import { runProcess } from '../../process/run-process.js';
import type { ToolResolver } from '../resolve-tool.js';
import { writeJsonAtomic } from '../../util/atomic-write.js';
import { homeLayout } from '../../home-layout.js';

export type RsyncFlavour = 'rsync' | 'cwrsync';

export interface RsyncClient {
  /** What is executed: absolute path (or a PATH name when the resolver gave one). */
  path: string;
  /** "3.2.7" — digits only, without a leading "v" or a "dev"/"pre" suffix. */
  version: string;
  protocol: number;
  flavour: RsyncFlavour;
  platform: NodeJS.Platform;
  supports: {
    /** `--info=progress2` (one whole-transfer progress line) needs rsync 3.1.0; older ones get `--progress`. */
    infoProgress2: boolean;
    /** rsync 3.2.4+: a remote path is backslash-escaped for the remote shell (so SSH works without `-s`). */
    escapesArgs?: boolean;
  };
  /**
   * The ssh program given to `-e` for SSH sources, or null when none was found (SSH sources then
   * fail with a clear error; daemon and local sources do not need it). On cwRsync this is the
   * Cygwin ssh.exe shipped next to rsync.exe: Windows' own OpenSSH cannot talk to a Cygwin rsync
   * over its pipes reliably (transfers hang).
   */
  sshPath: string | null;
  /**
   * Kura's known-hosts file, given to that ssh with UserKnownHostsFile (cwRsync's ssh takes `~`
   * from the Cygwin root and could never remember a key otherwise); null: ssh's own default.
   */
  knownHostsFile: string | null;
}

export interface DetectRsyncOptions {
  /** Defaults to `process.platform`; injected by tests to exercise the cwRsync behaviour. */
  platform?: NodeJS.Platform;
  signal?: AbortSignal;
  logger?: Logger;
  /** Kura's own known-hosts file (`$KURA_HOME/ssh/known_hosts`), for ssh started by rsync. */
  knownHostsFile?: string;
  /**
   * A file remembering what `rsync --version` printed for the binary found (VersionMemo below), so a
   * run does not start rsync once more just to ask: that start was a fifth of the time before a
   * nightly run's rsync began (≈ 20 ms of 70 on the benchmark's second snapshot).
   */
  versionMemoFile?: string;
}

/**
 * What `--version` printed, remembered for one rsync binary by what identifies that file: its path and
 * the target's device, inode, size, mtime and ctime (an upgrade or a replaced file changes them, and
 * any difference asks rsync again). Only the output is kept; it is parsed and checked every time.
 */
interface VersionMemo {
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  stdout: string;
}

async function identityOf(path: string): Promise<Omit<VersionMemo, 'stdout'> | null> {
  try {
    const s = await stat(path);
    return { path, dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs };
  } catch {
    return null;
  }
}

async function rememberedVersion(file: string, id: Omit<VersionMemo, 'stdout'>): Promise<string | null> {
  try {
    const m = JSON.parse(await readFile(file, 'utf8')) as Partial<VersionMemo>;
    const same = m.path === id.path && m.dev === id.dev && m.ino === id.ino && m.size === id.size && m.mtimeMs === id.mtimeMs && m.ctimeMs === id.ctimeMs;
    return same && typeof m.stdout === 'string' ? m.stdout : null;
  } catch {
    return null; // none yet, or unreadable: rsync is asked
  }
}

export interface RsyncVersion {
  version: string;
  major: number;
  minor: number;
  patch: number;
  protocol: number;
}

/** The oldest rsync Kura drives: `-s` (arguments sent over the protocol, never through a shell) arrived in 3.0.0. */
export const MIN_RSYNC_VERSION = '3.0.0';

/**
 * Parses the first line of `rsync --version`: "rsync  version 3.2.7  protocol version 31"
 * (builds from git print "version v3.2.3"). macOS' openrsync answers "openrsync: protocol version 29"
 * with "rsync version 2.6.9 compatible" on the next line, which parses as 2.6.9 and is refused.
 */
export function parseRsyncVersion(output: string): RsyncVersion | null {
  const m = /\bversion\s+v?(\d+)\.(\d+)\.(\d+)\S*\s+protocol version\s+(\d+)/.exec(output);
  if (m) return versionOf(m[1]!, m[2]!, m[3]!, m[4]!);
  const open = /openrsync:\s+protocol version\s+(\d+)[\s\S]*?rsync version\s+(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (open) return versionOf(open[2]!, open[3]!, open[4]!, open[1]!);
  return null;
}

function versionOf(major: string, minor: string, patch: string, protocol: string): RsyncVersion {
  return {
    version: `${Number(major)}.${Number(minor)}.${Number(patch)}`,
    major: Number(major),
    minor: Number(minor),
    patch: Number(patch),
    protocol: Number(protocol),
  };
}

function atLeast(v: RsyncVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export async function detectRsync(resolver: ToolResolver, options: DetectRsyncOptions = {}): Promise<RsyncClient> {
  const platform = options.platform ?? process.platform;
  const flavour: RsyncFlavour = platform === 'win32' ? 'cwrsync' : 'rsync';
  const path = await resolver.resolve('rsync');
  if (!path) throw missingRsync(platform);

  // Only an absolute path identifies the file that will run (a bare name is looked up in PATH by the OS).
  const id = options.versionMemoFile && isAbsolute(path) ? await identityOf(path) : null;
  const remembered = id ? parseRsyncVersion((await rememberedVersion(options.versionMemoFile!, id)) ?? '') : null;
  const parsed = remembered ?? (await askVersion(path, flavour, options, id));
  return clientOf(path, parsed, platform, flavour, resolver, options);
}

/** Runs `rsync --version` and parses it; remembers the output for this binary when `id` is given. */
async function askVersion(path: string, flavour: RsyncFlavour, options: DetectRsyncOptions, id: Omit<VersionMemo, 'stdout'> | null): Promise<RsyncVersion> {
  const r = await runProcess({ file: path, args: ['--version'], windowsArgv: flavour === 'cwrsync' ? 'cygwin' : 'msvcrt' }, { signal: options.signal, logger: options.logger });
  const parsed = r.exitCode === 0 ? parseRsyncVersion(r.stdout) : null;
  if (parsed && id) {
    // A memo that cannot be written only means asking again next time.
    const firstLines = r.stdout.split('\n').slice(0, 3).join('\n');
    await writeJsonAtomic(options.versionMemoFile!, { ...id, stdout: firstLines } satisfies VersionMemo).catch(() => {});
  }
  if (!parsed) {
    throw new KuraError({
      code: 'rsync-unusable',
      params: { path },
      category: 'config',
      detail: `${r.command}\nexit ${r.exitCode ?? r.signal}\n${r.stdout.slice(0, 2000)}${r.stderr.slice(-2000)}`,
    });
  }
  return parsed;
}

async function clientOf(path: string, parsed: RsyncVersion, platform: NodeJS.Platform, flavour: RsyncFlavour, resolver: ToolResolver, options: DetectRsyncOptions): Promise<RsyncClient> {
  if (!atLeast(parsed, 3, 0)) {
    const facts = { path, version: parsed.version, minimum: MIN_RSYNC_VERSION };
    throw platform === 'darwin'
      ? new KuraError({ code: 'rsync-too-old~mac', params: { ...facts, command: 'brew install rsync' }, category: 'config' })
      : new KuraError({ code: 'rsync-too-old', params: facts, category: 'config' });
  }

  return {
    path,
    version: parsed.version,
    protocol: parsed.protocol,
    flavour,
    platform,
    supports: { infoProgress2: atLeast(parsed, 3, 1), escapesArgs: parsed.major > 3 || (parsed.major === 3 && (parsed.minor > 2 || (parsed.minor === 2 && parsed.patch >= 4))) },
    sshPath: await findSsh(resolver, flavour, path),
    knownHostsFile: options.knownHostsFile ?? null,
  };
}

/** The options every run under KURA_HOME detects rsync with: Kura's known hosts and the version memo. */
export function rsyncHomeOptions(home: string): Pick<DetectRsyncOptions, 'knownHostsFile' | 'versionMemoFile'> {
  return { knownHostsFile: homeLayout.knownHostsFile(home), versionMemoFile: homeLayout.rsyncVersionMemo(home) };
}

async function findSsh(resolver: ToolResolver, flavour: RsyncFlavour, rsyncPath: string): Promise<string | null> {
  if (flavour === 'cwrsync') {
    const sibling = join(dirname(rsyncPath), 'ssh.exe');
    try {
      await access(sibling, constants.F_OK);
      return sibling;
    } catch {
      /* fall back to the resolver (bundled folder, cwRsync install folders, PATH) */
    }
  }
  return resolver.resolve('ssh');
}

function missingRsync(platform: NodeJS.Platform): KuraError {
  switch (platform) {
    case 'win32':
      return new KuraError({ code: 'rsync-missing~windows', params: {}, category: 'config' });
    case 'darwin':
      return new KuraError({ code: 'rsync-missing~mac', params: { command: 'brew install rsync' }, category: 'config' });
    default:
      return new KuraError({ code: 'rsync-missing', params: { command: 'sudo apt install rsync' }, category: 'config' });
  }
}
