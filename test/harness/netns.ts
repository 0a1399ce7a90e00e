/**
 * A network namespace joined to this machine by a veth pair with its own /30 subnet: the "internet"
 * between the shop PC (this side) and the shop's server (the namespace) in the shop world.
 *
 * Everything the harness makes is named after the PID of the test process that made it
 * (`kshop-<pid36>-<n>`, veth `kh<pid36>-<n>a`/`b`, users `kshk-<pid36>-<n>`), so a later run can
 * tell a leftover of a crashed run (its PID is gone) from a world another test file is using right
 * now, and sweep only the former. Removal runs on stop(), on process exit (synchronously), and in
 * the sweep at the next start: a failed test never leaves a namespace or veth behind for long.
 *
 * Shaping uses `tc netem` (delay, rate, loss) on both veth ends when the kernel has sch_netem.
 * Where it has not (some VM kernels), rate falls back to `tbf` and loss to an nftables rule, and
 * `shape()` says the delay could not be applied instead of pretending.
 */
import { spawnSync } from 'node:child_process';
import { runProcess } from '../../electron/engine/process/run-process.js';

export const NS_PREFIX = 'kshop-';
export const USER_PREFIXES = ['kshk-', 'kshp-'];

export interface Netns {
  name: string;
  /** The veth end on this side (in the root namespace). */
  hostIf: string;
  /** The veth end inside the namespace. */
  nsIf: string;
  hostAddress: string;
  nsAddress: string;
  /** argv that runs `file args` inside the namespace (ip netns exec execs it: same PID). */
  wrap(file: string, args: readonly string[]): { file: string; args: string[] };
  /** Runs a command inside the namespace to completion; throws on a non-zero exit. */
  exec(file: string, args: readonly string[], input?: string): Promise<string>;
  shape(link: LinkShape | null): Promise<ShapeResult>;
  /** `ip link set down` on both ends (the cable pulled), and back up. */
  setLink(up: boolean): Promise<void>;
  remove(): Promise<void>;
}

export interface LinkShape {
  /** One-way delay in ms (RTT = 2 × this). */
  delayMs: number;
  rateMbit: number;
  lossPercent?: number;
}

export interface ShapeResult {
  /** What was really applied; `delayApplied` false when the kernel has no netem. */
  method: 'netem' | 'tbf+nft' | 'none';
  delayApplied: boolean;
}

const pid36 = process.pid.toString(36);
let counter = 0;
const live = new Set<string>();
let exitHookInstalled = false;

export function ownerPidOf(name: string): number | null {
  const m = /^(?:kshop-|kshk-|kshp-)([0-9a-z]+)-\d+$/.exec(name);
  return m ? parseInt(m[1]!, 36) : null;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ip(args: string[], input?: string): Promise<string> {
  const r = await runProcess({ file: 'ip', args }, input === undefined ? {} : { input });
  if (r.exitCode !== 0) throw new Error(`ip ${args.join(' ')}: exit ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

/** Removes namespaces (with every process inside), veths and users left by test processes that are gone. */
export function sweepLeftovers(): void {
  const names = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0]!).filter(Boolean);
  for (const name of names) {
    if (!name.startsWith(NS_PREFIX)) continue;
    const owner = ownerPidOf(name);
    if (owner !== null && (owner === process.pid || pidAlive(owner))) continue;
    removeNamespaceSync(name);
  }
  const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout;
  for (const m of links.matchAll(/^\d+: (kh([0-9a-z]+)-\d+a)[@:]/gm)) {
    const owner = parseInt(m[2]!, 36);
    if (owner === process.pid || pidAlive(owner)) continue;
    spawnSync('ip', ['link', 'del', m[1]!]);
  }
  const passwd = spawnSync('getent', ['passwd'], { encoding: 'utf8' }).stdout;
  for (const line of passwd.split('\n')) {
    const user = line.split(':')[0] ?? '';
    if (!USER_PREFIXES.some((p) => user.startsWith(p))) continue;
    const owner = ownerPidOf(user);
    if (owner !== null && (owner === process.pid || pidAlive(owner))) continue;
    spawnSync('userdel', ['-f', user]);
  }
}

function removeNamespaceSync(name: string): void {
  // A namespace lives on while a process is inside it: kill those first.
  const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const p of pids) {
    try {
      process.kill(Number(p), 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  spawnSync('ip', ['netns', 'del', name]);
}

/** True when this process may make namespaces (root, iproute2 present). */
export function canMakeNamespaces(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: 'network namespaces need Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'the shop world needs root (ip netns, useradd, sshd)' };
  const r = spawnSync('ip', ['netns', 'list']);
  if (r.status !== 0) return { ok: false, reason: 'iproute2 (ip netns) is not usable here' };
  if (spawnSync('/usr/sbin/sshd', ['-V']).error) return { ok: false, reason: 'openssh-server (/usr/sbin/sshd) is not installed' };
  return { ok: true };
}

let netemKnown: boolean | null = null;

export async function createNetns(): Promise<Netns> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const name of live) removeNamespaceSync(name);
    });
  }
  const n = ++counter;
  const name = `${NS_PREFIX}${pid36}-${n}`;
  const hostIf = `kh${pid36}-${n}a`;
  const nsIf = `kh${pid36}-${n}b`;
  const block = await freeBlock();
  const hostAddress = `10.213.${block >> 6}.${((block & 63) << 2) + 1}`;
  const nsAddress = `10.213.${block >> 6}.${((block & 63) << 2) + 2}`;
  live.add(name);
  try {
    await ip(['netns', 'add', name]);
    await ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    await ip(['link', 'set', nsIf, 'netns', name]);
    await ip(['addr', 'add', `${hostAddress}/30`, 'dev', hostIf]);
    await ip(['link', 'set', hostIf, 'up']);
    await ip(['-n', name, 'addr', 'add', `${nsAddress}/30`, 'dev', nsIf]);
    await ip(['-n', name, 'link', 'set', nsIf, 'up']);
    await ip(['-n', name, 'link', 'set', 'lo', 'up']);
  } catch (e) {
    removeNamespaceSync(name);
    spawnSync('ip', ['link', 'del', hostIf]);
    live.delete(name);
    throw e;
  }

  const wrap = (file: string, args: readonly string[]) => ({ file: 'ip', args: ['netns', 'exec', name, file, ...args] });
  const exec = async (file: string, args: readonly string[], input?: string): Promise<string> => {
    const w = wrap(file, args);
    const r = await runProcess({ file: w.file, args: w.args }, input === undefined ? {} : { input });
    if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} (in ${name}): exit ${r.exitCode}: ${r.stderr}`);
    return r.stdout;
  };
  const tc = async (inNs: boolean, args: string[]): Promise<boolean> => {
    const r = await runProcess({ file: 'tc', args: inNs ? ['-n', name, ...args] : args });
    return r.exitCode === 0;
  };

  return {
    name,
    hostIf,
    nsIf,
    hostAddress,
    nsAddress,
    wrap,
    exec,
    async shape(link) {
      await tc(false, ['qdisc', 'del', 'dev', hostIf, 'root']);
      await tc(true, ['qdisc', 'del', 'dev', nsIf, 'root']);
      await runProcess({ file: 'ip', args: ['netns', 'exec', name, 'nft', 'delete', 'table', 'inet', 'kshop'] });
      if (link === null) return { method: 'none', delayApplied: false };
      const netem = ['netem', 'delay', `${link.delayMs}ms`, 'rate', `${link.rateMbit}mbit`, 'limit', '10000'];
      if (link.lossPercent) netem.push('loss', `${link.lossPercent}%`);
      if (netemKnown !== false) {
        const ok = (await tc(false, ['qdisc', 'add', 'dev', hostIf, 'root', ...netem])) && (await tc(true, ['qdisc', 'add', 'dev', nsIf, 'root', ...netem]));
        netemKnown = ok;
        if (ok) return { method: 'netem', delayApplied: true };
        await tc(false, ['qdisc', 'del', 'dev', hostIf, 'root']);
      }
      // No netem in this kernel: the rate with a token bucket (burst ≈ 1 ms of traffic, at least
      // 10 packets), loss with an nftables rule inside the namespace (both directions), no delay.
      const burst = Math.max(15_000, Math.round((link.rateMbit * 1e6) / 8 / 1000));
      const tbf = ['tbf', 'rate', `${link.rateMbit}mbit`, 'burst', String(burst), 'latency', '100ms'];
      if (!(await tc(false, ['qdisc', 'add', 'dev', hostIf, 'root', ...tbf])) || !(await tc(true, ['qdisc', 'add', 'dev', nsIf, 'root', ...tbf]))) {
        throw new Error(`tc could not shape ${hostIf}: neither netem nor tbf works in this kernel`);
      }
      if (link.lossPercent) {
        const perMillion = Math.round(link.lossPercent * 10_000);
        const rules = [
          'table inet kshop {',
          `  chain in { type filter hook input priority 0; numgen random mod 1000000 < ${perMillion} drop; }`,
          `  chain out { type filter hook output priority 0; numgen random mod 1000000 < ${perMillion} drop; }`,
          '}',
        ].join('\n');
        await exec('nft', ['-f', '-'], rules + '\n');
      }
      return { method: 'tbf+nft', delayApplied: false };
    },
    async setLink(up) {
      const state = up ? 'up' : 'down';
      await ip(['link', 'set', hostIf, state]);
      await ip(['-n', name, 'link', 'set', nsIf, state]);
    },
    async remove() {
      removeNamespaceSync(name);
      spawnSync('ip', ['link', 'del', hostIf]);
      live.delete(name);
    },
  };
}

/** A /30 block of 10.213.0.0/16 that no interface on this machine uses yet. */
async function freeBlock(): Promise<number> {
  const used = await ip(['-4', '-o', 'addr', 'show']);
  for (let tries = 0; tries < 100; tries++) {
    const block = Math.floor(Math.random() * 16_384);
    const prefix = `10.213.${block >> 6}.${(block & 63) << 2}`;
    const a = prefix.split('.').map(Number);
    const candidates = [1, 2].map((d) => `${a[0]}.${a[1]}.${a[2]}.${a[3]! + d}/`);
    if (!candidates.some((c) => used.includes(` ${c}`))) return block;
  }
  throw new Error('no free /30 in 10.213.0.0/16');
}
