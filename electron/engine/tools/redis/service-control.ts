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

/** The command that stops or starts the server, as it is run ("systemctl stop redis-server"): a fact for plans and steps. */
export function describeServiceCommand(sc: ServiceControl, which: 'stop' | 'start'): string {
  return (which === 'stop' ? sc.stop : sc.start).join(' ');
}

export async function resolveServiceControl(opts: ResolveServiceOptions): Promise<ServiceControl> {
  if (opts.service) {
    if (opts.service.stop.length === 0 || opts.service.start.length === 0) throw noServiceCommand({ code: 'redis-service-command-empty' });
    return { kind: 'configured', stop: opts.service.stop, start: opts.service.start };
  }
  const platform = opts.platform ?? process.platform;
  if (platform === 'win32') {
    for (const name of ['Redis', 'Memurai']) {
      if (await probe('sc', ['query', name], opts)) return { kind: 'windows-service', name, stop: ['net', 'stop', name], start: ['net', 'start', name] };
    }
    throw noServiceCommand({ code: 'redis-service-windows-not-found', names: '"Redis", "Memurai"' });
  }
  if (platform === 'linux') {
    for (const unit of ['redis-server', 'redis']) {
      const out = await probeOutput('systemctl', ['show', '--property=LoadState', '--value', `${unit}.service`], opts);
      if (out?.trim() === 'loaded') return { kind: 'systemd', unit, stop: ['systemctl', 'stop', unit], start: ['systemctl', 'start', unit] };
    }
    throw noServiceCommand({ code: 'redis-service-systemd-not-found', names: '"redis-server", "redis"' });
  }
  throw noServiceCommand({ code: 'redis-service-unknown', platform });
}

/** The settings that name the commands, and an example: facts for the hint, the same in every language. */
const SERVICE_SETTING = { setting: '"service": { "stop": [...], "start": [...] }', example: '["brew", "services", "stop", "redis"]' };

type NoServiceCommand =
  | { code: 'redis-service-unknown'; platform: string }
  | { code: 'redis-service-windows-not-found'; names: string }
  | { code: 'redis-service-systemd-not-found'; names: string }
  | { code: 'redis-service-command-empty' };

function noServiceCommand(why: NoServiceCommand): KuraError {
  const category = 'config';
  switch (why.code) {
    case 'redis-service-unknown':
      return new KuraError({ code: why.code, params: { platform: why.platform, ...SERVICE_SETTING }, category });
    case 'redis-service-windows-not-found':
      return new KuraError({ code: why.code, params: { names: why.names, ...SERVICE_SETTING }, category });
    case 'redis-service-systemd-not-found':
      return new KuraError({ code: why.code, params: { names: why.names, ...SERVICE_SETTING }, category });
    case 'redis-service-command-empty':
      return new KuraError({ code: why.code, params: SERVICE_SETTING, category });
  }
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
  if (!file) throw noServiceCommand({ code: 'redis-service-command-empty' });
  const r = await runProcess({ file, args }, { signal: opts.signal, logger: opts.logger });
  if (r.cancelled) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  if (r.exitCode !== 0) {
    const out = (r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n');
    const params = { command: argv.join(' '), status: r.exitCode === null ? String(r.signal) : String(r.exitCode), output: out.slice(0, 300) };
    const detail = `${r.command}\n${r.stderr}`;
    throw which === 'stop'
      ? new KuraError({ code: 'redis-service-stop-failed', params, category: 'config', detail })
      : new KuraError({ code: 'redis-service-start-failed', params, category: 'config', detail });
  }
}
