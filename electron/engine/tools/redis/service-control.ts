/**
 * Stopping and starting the Redis server for a file (cold) restore.
 *
 * The admin can configure the exact commands (`service: { stop: [...], start: [...] }` on the redis
 * source, argv arrays run without a shell). Otherwise Kura looks for the usual installs:
 *   - Windows: a service named "Redis" (the MSOpenTech/tporadowski ports) or "Memurai", driven by
 *     `net stop` / `net start`, which — unlike `sc stop` — wait until the service has stopped;
 *   - Linux with systemd: the unit "redis-server" (Debian/Ubuntu) or "redis" (RHEL/Fedora…).
 * Anything else is a clear error asking for the commands: guessing wrong would stop the wrong thing.
 *
 * Commands run through run-process.ts like every other process; no password is ever part of them.
 */
import { KuraError } from '../../errors.js';
import { runProcess } from '../../process/run-process.js';
import type { Logger } from '../../progress.js';

export interface ServiceCommands {
  stop: readonly string[];
  start: readonly string[];
}

export type ServiceControl =
  | { kind: 'configured'; stop: readonly string[]; start: readonly string[] }
  | { kind: 'windows-service'; name: string; stop: readonly string[]; start: readonly string[] }
  | { kind: 'systemd'; unit: string; stop: readonly string[]; start: readonly string[] };

export interface ResolveServiceOptions {
  service?: ServiceCommands;
  /** Defaults to process.platform (tests pass another). */
  platform?: NodeJS.Platform;
  signal?: AbortSignal;
  logger?: Logger;
}

/** Plain words for plans and steps: "the Windows service "Redis"", "`systemctl stop redis-server`"… */
export function describeServiceControl(sc: ServiceControl): string {
  switch (sc.kind) {
    case 'configured':
      return `the configured commands (${sc.stop.join(' ')} / ${sc.start.join(' ')})`;
    case 'windows-service':
      return `the Windows service "${sc.name}" (net stop / net start)`;
    case 'systemd':
      return `the systemd unit "${sc.unit}" (systemctl stop / start)`;
  }
}

export async function resolveServiceControl(opts: ResolveServiceOptions): Promise<ServiceControl> {
  if (opts.service) {
    if (opts.service.stop.length === 0 || opts.service.start.length === 0) throw noServiceCommand('the configured stop or start command is empty');
    return { kind: 'configured', stop: opts.service.stop, start: opts.service.start };
  }
  const platform = opts.platform ?? process.platform;
  if (platform === 'win32') {
    for (const name of ['Redis', 'Memurai']) {
      if (await probe('sc', ['query', name], opts)) return { kind: 'windows-service', name, stop: ['net', 'stop', name], start: ['net', 'start', name] };
    }
    throw noServiceCommand('no Windows service named "Redis" or "Memurai" was found');
  }
  if (platform === 'linux') {
    for (const unit of ['redis-server', 'redis']) {
      const out = await probeOutput('systemctl', ['show', '--property=LoadState', '--value', `${unit}.service`], opts);
      if (out?.trim() === 'loaded') return { kind: 'systemd', unit, stop: ['systemctl', 'stop', unit], start: ['systemctl', 'start', unit] };
    }
    throw noServiceCommand('no systemd unit "redis-server" or "redis" was found');
  }
  throw noServiceCommand(`Kura does not know how Redis is run as a service on ${platform}`);
}

function noServiceCommand(why: string): KuraError {
  return new KuraError({
    code: 'redis-service-unknown',
    category: 'config',
    message: `A file restore has to stop and start Redis, but ${why}.`,
    hint:
      'Set the commands on this Redis source ("service": { "stop": [...], "start": [...] }, e.g. ["brew", "services", "stop", "redis"]), ' +
      'or use the live restore, which needs no restart.',
  });
}

/** True when the command exits 0 (a missing program counts as false). */
async function probe(file: string, args: string[], opts: ResolveServiceOptions): Promise<boolean> {
  return (await probeOutput(file, args, opts)) !== null;
}

async function probeOutput(file: string, args: string[], opts: ResolveServiceOptions): Promise<string | null> {
  try {
    const r = await runProcess({ file, args }, { signal: opts.signal, logger: opts.logger });
    return r.exitCode === 0 ? r.stdout : null;
  } catch (err) {
    if (err instanceof KuraError && err.code === 'tool-missing') return null;
    throw err;
  }
}

/** Runs the stop or start command; a non-zero exit is a KuraError with the command's output. */
export async function runServiceCommand(sc: ServiceControl, which: 'stop' | 'start', opts: { signal?: AbortSignal; logger?: Logger }): Promise<void> {
  const argv = which === 'stop' ? sc.stop : sc.start;
  const [file, ...args] = argv;
  if (!file) throw noServiceCommand(`the ${which} command is empty`);
  const r = await runProcess({ file, args }, { signal: opts.signal, logger: opts.logger });
  if (r.cancelled) throw new KuraError({ code: 'cancelled', category: 'cancelled', message: 'The run was cancelled.' });
  if (r.exitCode !== 0) {
    const out = (r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n');
    throw new KuraError({
      code: which === 'stop' ? 'redis-service-stop-failed' : 'redis-service-start-failed',
      category: 'config',
      message: `Could not ${which} Redis with ${describeServiceControl(sc)}: the command ended with ${r.exitCode === null ? `signal ${r.signal}` : `exit code ${r.exitCode}`}${out ? ` (${out.slice(0, 300)})` : ''}.`,
      hint:
        which === 'stop'
          ? 'Check that Kura runs with the rights to stop the Redis service (administrator / root), or set the stop command on this Redis source.'
          : 'Start Redis by hand and check its log; the previous data file was kept next to the restored one (".kura-before-restore").',
      detail: `${r.command}\n${r.stderr}`,
    });
  }
}
