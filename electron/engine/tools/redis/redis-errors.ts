/**
 * Turns what goes wrong talking to Redis into KuraErrors an admin can act on.
 *
 * Two sources: socket errors (the server cannot be reached — category `network`, the only one the
 * scheduler retries) and error replies (`-WRONGPASS …`, `-NOPERM …`, `-ERR unknown command …`).
 * Managed Redis services (ElastiCache, Azure Cache, Upstash…) typically disable or rename SYNC,
 * BGSAVE and CONFIG; those failures are `config` errors whose hint names the other backup method,
 * because retrying cannot help and the admin has to change something. The sentences are catalogue
 * entries (shared/messages/catalogue/redis.ts).
 */
import { KuraError } from '../../errors.js';
import { describeTarget, type RedisTarget } from './redis-target.js';

type Where = Pick<RedisTarget, 'host' | 'port' | 'shownAs'>;

/**
 * Why a socket failed, mapped from Node's errno codes (plus our own timeout). `during` (connecting,
 * a command, receiving the snapshot) goes to the detail, for the run log.
 */
export function redisNetworkError(err: unknown, target: Where, during: string): KuraError {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code ?? '';
  const where = describeTarget(target);
  const detail = `${during}: ${e instanceof Error ? e.message : String(err)}`;
  const common = { category: 'network', detail, cause: err } as const;
  switch (code) {
    case 'ECONNREFUSED':
      return new KuraError({ code: 'redis-connection-refused', params: { where }, ...common });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new KuraError({ code: 'redis-host-not-found', params: { host: target.host }, ...common });
    case 'ETIMEDOUT':
    case 'KURA_TIMEOUT':
      return new KuraError({ code: 'redis-timeout', params: { where }, ...common });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new KuraError({ code: 'redis-unreachable', params: { where }, ...common });
    default:
      return new KuraError({ code: 'redis-connection-lost', params: { where }, ...common });
  }
}

/**
 * Maps an error reply to a KuraError. `command` is what was sent (lower-case name, e.g. "psync").
 * The reply is the server's own text: shortened into the message where it explains, whole in the detail.
 */
export function redisReplyError(message: string, command: string, target: Where): KuraError {
  const where = describeTarget(target);
  const prefix = message.split(' ', 1)[0]!.toUpperCase();
  const cmd = command.toUpperCase();
  const detail = message;
  if (prefix === 'WRONGPASS' || /invalid password|invalid username-password/i.test(message)) {
    return new KuraError({ code: 'redis-auth-failed', params: { where }, category: 'auth', detail });
  }
  if (prefix === 'NOAUTH') {
    return new KuraError({ code: 'redis-auth-required', params: { where }, category: 'auth', detail });
  }
  // Before the next test: the protected-mode reply says "…and no password is set for the default user".
  if (prefix === 'DENIED') {
    return new KuraError({ code: 'redis-protected-mode', params: { where }, category: 'config', detail });
  }
  if (/without any password configured|no password is set/i.test(message)) {
    return new KuraError({ code: 'redis-auth-not-configured', params: { where }, category: 'config', detail });
  }
  // Managed Redis services typically forbid or rename SYNC, BGSAVE and CONFIG: the hints name both backup methods.
  if (prefix === 'NOPERM') {
    return new KuraError({ code: 'redis-permission-denied', params: { where, command: cmd }, category: 'config', detail });
  }
  if (/unknown command|unknown subcommand/i.test(message)) {
    return new KuraError({ code: 'redis-command-unavailable', params: { where, command: cmd }, category: 'config', detail });
  }
  if (['LOADING', 'MASTERDOWN', 'NOMASTERLINK', 'BUSY', 'TRYAGAIN'].includes(prefix)) {
    return new KuraError({ code: 'redis-busy', params: { where, command: cmd, reply: message.slice(0, 120) }, category: 'network', detail });
  }
  return new KuraError({ code: 'redis-command-failed', params: { where, command: cmd, reply: message.slice(0, 300) }, category: 'internal', detail });
}

/** The server said something that is not RESP (or not what the command returns): `what` goes to the detail. */
export function redisProtocolError(what: string, target: Where): KuraError {
  return new KuraError({ code: 'redis-protocol-error', params: { where: describeTarget(target) }, category: 'network', detail: what });
}
