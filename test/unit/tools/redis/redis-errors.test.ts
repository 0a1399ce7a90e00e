import { describe, expect, it } from 'vitest';
import { redisNetworkError, redisReplyError } from '../../../../electron/engine/tools/redis/redis-errors.js';

const where = { host: '127.0.0.1', port: 6380 };

describe('Redis error mapping', () => {
  it.each([
    ['WRONGPASS invalid username-password pair or user is disabled.', 'auth', 'redis-auth-failed', 'auth'],
    ['ERR invalid password', 'auth', 'redis-auth-failed', 'auth'],
    ['NOAUTH Authentication required.', 'info', 'redis-auth-required', 'auth'],
    ['ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?', 'auth', 'redis-auth-not-configured', 'config'],
    ["NOPERM this user has no permissions to run the 'sync' command", 'sync', 'redis-permission-denied', 'config'],
    ["ERR unknown command 'PSYNC', with args beginning with: '?' '-1' ", 'psync', 'redis-command-unavailable', 'config'],
    ["ERR unknown command 'CONFIG', with args beginning with: 'GET' 'dir' ", 'config', 'redis-command-unavailable', 'config'],
    [
      // Redis 7.0.15's whole reply, as in its binary (typo included): it also says "no password is set".
      'DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command \'CONFIG SET protected-mode no\' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to \'no\', and then restarting the server. 3) If you started the server manually just for testing, restart it with the \'--protected-mode no\' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.',
      'ping',
      'redis-protected-mode',
      'config',
    ],
    ['DENIED Redis is running in protected mode because protected mode is enabled', 'ping', 'redis-protected-mode', 'config'],
    ['LOADING Redis is loading the dataset in memory', 'info', 'redis-busy', 'network'],
    ["NOMASTERLINK Can't SYNC while not connected with my master", 'sync', 'redis-busy', 'network'],
    ['ERR something else', 'bgsave', 'redis-command-failed', 'internal'],
  ])('%s → %s / %s', (message, command, code, category) => {
    expect(redisReplyError(message, command, where)).toMatchObject({ code: code, category });
  });

  it('hints point at the other backup method', () => {
    expect(redisReplyError("NOPERM no permissions to run the 'psync' command", 'psync', where).hint).toMatch(/"file" method/);
    expect(redisReplyError("ERR unknown command 'BGSAVE'", 'bgsave', where).hint).toMatch(/"sync" method/);
  });

  it.each([
    ['ECONNREFUSED', 'redis-connection-refused'],
    ['ENOTFOUND', 'redis-host-not-found'],
    ['EAI_AGAIN', 'redis-host-not-found'],
    ['ETIMEDOUT', 'redis-timeout'],
    ['KURA_TIMEOUT', 'redis-timeout'],
    ['EHOSTUNREACH', 'redis-unreachable'],
    ['ECONNRESET', 'redis-connection-lost'],
  ])('socket %s → %s (network)', (errno, code) => {
    const e = redisNetworkError(Object.assign(new Error(errno), { code: errno }), where, 'connecting');
    expect(e).toMatchObject({ code, category: 'network' });
  });
});
