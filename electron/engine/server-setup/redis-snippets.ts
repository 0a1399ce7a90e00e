/**
 * A Redis 6+ ACL user that can hand Kura a snapshot and nothing else: the replication handshake
 * (PING, REPLCONF, PSYNC, with SYNC as the old fallback), BGSAVE/LASTSAVE/TIME for the file method,
 * INFO and CONFIG GET to find the server's version and dump file. No key may be read or written
 * by command (`resetkeys`, no channels), no CONFIG SET, no FLUSHALL, no KEYS.
 */
import { KuraError } from '../errors.js';

export const REDIS_BACKUP_COMMANDS = ['ping', 'info', 'sync', 'psync', 'replconf', 'bgsave', 'lastsave', 'time', 'config|get', 'acl|whoami', 'command|info'] as const;

export function redisAclRule(user: string, password: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(user)) {
    throw new KuraError({ code: 'usage', category: 'config', message: `The Redis user name "${user}" cannot be used in an ACL rule.`, hint: 'Use letters, digits, ".", "_" and "-".' });
  }
  if (/\s/.test(password)) throw new KuraError({ code: 'internal', category: 'internal', message: 'A Redis password must not contain spaces.' });
  return `user ${user} on >${password} resetkeys resetchannels -@all ${REDIS_BACKUP_COMMANDS.map((c) => `+${c}`).join(' ')}`;
}
