/**
 * A Redis 6+ ACL user that can hand Kura a snapshot and nothing else: the replication handshake
 * (PING, REPLCONF, PSYNC, with SYNC as the old fallback), BGSAVE/LASTSAVE/TIME for the file method,
 * INFO and CONFIG GET to find the server's version and dump file. No key may be read or written
 * by command (`resetkeys`, no channels), no CONFIG SET, no FLUSHALL, no KEYS.
 */
import { createHash } from 'node:crypto';
import { KuraError } from '../errors.js';

export const REDIS_BACKUP_COMMANDS = ['ping', 'info', 'sync', 'psync', 'replconf', 'bgsave', 'lastsave', 'time', 'config|get', 'acl|whoami', 'command|info'] as const;

export function redisAclRule(user: string, password: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(user)) {
    throw new KuraError({ code: 'usage~redis-user', params: { user }, category: 'config' });
  }
  return `user ${user} on ${passwordRule(password)} resetkeys resetchannels -@all ${REDIS_BACKUP_COMMANDS.map((c) => `+${c}`).join(' ')}`;
}

/**
 * `>password` in an ACL line ends at whitespace, so a password with a space (one the server already
 * had, kept from the keychain) is given as its SHA-256 (`#<hex>`), which Redis accepts in the same
 * place: the server checks the same password, and the line holds no secret in clear.
 */
function passwordRule(password: string): string {
  return /\s/.test(password) ? `#${createHash('sha256').update(password, 'utf8').digest('hex')}` : `>${password}`;
}
