/**
 * Turns what goes wrong talking to Redis into KuraErrors an admin can act on.
 *
 * Two sources: socket errors (the server cannot be reached — category `network`, the only one the
 * scheduler retries) and error replies (`-WRONGPASS …`, `-NOPERM …`, `-ERR unknown command …`).
 * Managed Redis services (ElastiCache, Azure Cache, Upstash…) typically disable or rename SYNC,
 * BGSAVE and CONFIG; those failures are `config` errors whose hint names the other backup method,
 * because retrying cannot help and the admin has to change something.
 */
import { KuraError } from '../../errors.js';
import { describeTarget, type RedisTarget } from './redis-target.js';

type Where = Pick<RedisTarget, 'host' | 'port' | 'shownAs'>;

/** Why a socket failed, mapped from Node's errno codes (plus our own timeout). */
export function redisNetworkError(err: unknown, target: Where, during: string): KuraError {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code ?? '';
  const where = describeTarget(target);
  const detail = e instanceof Error ? e.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return new KuraError({
        code: 'redis-connection-refused',
        category: 'network',
        message: `Nothing accepted the connection at ${where}: Redis is not running there or listens on another port.`,
        hint: 'Check the host and port of this Redis source, and that redis-server is running.',
        detail,
        cause: err,
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new KuraError({
        code: 'redis-host-not-found',
        category: 'network',
        message: `The host name "${target.host}" could not be found.`,
        hint: 'Check the spelling of the host, and that this computer is online.',
        detail,
        cause: err,
      });
    case 'ETIMEDOUT':
    case 'KURA_TIMEOUT':
      return new KuraError({
        code: 'redis-timeout',
        category: 'network',
        message: `Redis at ${where} did not answer in time (${during}).`,
        hint: 'Check that a firewall lets this computer reach the Redis port, then try again.',
        detail,
        cause: err,
      });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new KuraError({
        code: 'redis-unreachable',
        category: 'network',
        message: `The network has no route to ${where}.`,
        hint: 'Check the host address and this computer’s network connection.',
        detail,
        cause: err,
      });
    default:
      return new KuraError({
        code: 'redis-connection-lost',
        category: 'network',
        message: `The connection to Redis at ${where} was lost (${during}).`,
        hint: 'Try again; if it keeps happening, check the Redis server log.',
        detail,
        cause: err,
      });
  }
}

/** Commands the two backup methods depend on; their absence decides the hint. */
const SYNC_COMMANDS = new Set(['sync', 'psync', 'replconf']);
const FILE_COMMANDS = new Set(['bgsave', 'config', 'info']);

/** The hint for "this command is not available", by which backup method it breaks. */
function unavailableHint(command: string): string {
  const c = command.toLowerCase();
  if (SYNC_COMMANDS.has(c)) {
    return (
      'Managed Redis services usually forbid replication. If Redis runs on the same computer as Kura, switch this source ' +
      'to the "file" method; otherwise ask your provider for a user allowed to replicate (ACL: +sync +psync +replconf) or for ' +
      'their own export of the RDB file.'
    );
  }
  if (FILE_COMMANDS.has(c)) {
    return (
      'Switch this source to the "sync" method (it works over the network), or, for "file", set rdbPath to where the server ' +
      'writes dump.rdb. On a managed Redis, ask your provider which backup method they allow.'
    );
  }
  return 'Check the permissions of the Redis user Kura logs in as.';
}

/**
 * Maps an error reply to a KuraError. `command` is what was sent (lower-case name, e.g. "psync").
 */
export function redisReplyError(message: string, command: string, target: Where): KuraError {
  const where = describeTarget(target);
  const prefix = message.split(' ', 1)[0]!.toUpperCase();
  const cmd = command.toUpperCase();
  if (prefix === 'WRONGPASS' || /invalid password|invalid username-password/i.test(message)) {
    return new KuraError({
      code: 'redis-auth-failed',
      category: 'auth',
      message: `Redis at ${where} refused the user name or password.`,
      hint: 'Check the password saved for this source (and the user name, if Redis uses ACL users).',
      detail: message,
    });
  }
  if (prefix === 'NOAUTH') {
    return new KuraError({
      code: 'redis-auth-required',
      category: 'auth',
      message: `Redis at ${where} requires a password and none was given.`,
      hint: 'Save the Redis password for this source in Kura.',
      detail: message,
    });
  }
  // Before the next test: the protected-mode reply says "…and no password is set for the default user".
  if (prefix === 'DENIED') {
    return new KuraError({
      code: 'redis-protected-mode',
      category: 'config',
      message: `Redis at ${where} is in protected mode and only accepts connections from its own machine.`,
      hint: 'Set a password (requirepass) on the Redis server or connect through an SSH tunnel.',
      detail: message,
    });
  }
  if (/without any password configured|no password is set/i.test(message)) {
    return new KuraError({
      code: 'redis-auth-not-configured',
      category: 'config',
      message: `A password is saved for this source, but Redis at ${where} does not use one.`,
      hint: 'Remove the password from this source, or set requirepass on the Redis server.',
      detail: message,
    });
  }
  if (prefix === 'NOPERM') {
    return new KuraError({
      code: 'redis-permission-denied',
      category: 'config',
      message: `The Redis user is not allowed to run ${cmd} on ${where}.`,
      hint: unavailableHint(command),
      detail: message,
    });
  }
  if (/unknown command|unknown subcommand/i.test(message)) {
    return new KuraError({
      code: 'redis-command-unavailable',
      category: 'config',
      message: `Redis at ${where} does not offer ${cmd} (it is disabled or renamed, as managed Redis services do).`,
      hint: unavailableHint(command),
      detail: message,
    });
  }
  if (['LOADING', 'MASTERDOWN', 'NOMASTERLINK', 'BUSY', 'TRYAGAIN'].includes(prefix)) {
    return new KuraError({
      code: 'redis-busy',
      category: 'network',
      message: `Redis at ${where} cannot serve ${cmd} right now (${message.slice(0, 120)}).`,
      hint: 'Kura retries automatically; wait for the server to finish what it is doing.',
      detail: message,
    });
  }
  return new KuraError({
    code: 'redis-command-failed',
    category: 'internal',
    message: `Redis at ${where} answered ${cmd} with an error: ${message.slice(0, 300)}`,
    hint: 'Check the Redis server log for the reason.',
    detail: message,
  });
}

/** The server said something that is not RESP (or not what the command returns). */
export function redisProtocolError(what: string, target: Where): KuraError {
  return new KuraError({
    code: 'redis-protocol-error',
    category: 'network',
    message: `Redis at ${describeTarget(target)} sent an unexpected reply: ${what}.`,
    hint: 'Check that the host and port point at a Redis server (not another service, and not TLS-only).',
  });
}
