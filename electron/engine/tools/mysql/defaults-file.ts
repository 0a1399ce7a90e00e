/**
 * The option file ("defaults file") that carries connection settings to mysqldump and mysql.
 *
 * Why a file: a password in argv is readable by every user on the machine (`ps`, /proc/<pid>/cmdline),
 * and MYSQL_PWD is deprecated and also visible in /proc/<pid>/environ to the same user. The clients
 * read `--defaults-extra-file` as their first option, so the password lives only in a 0600 file inside
 * a private (0700) temp folder that exists for the length of one tool run and is deleted in `finally`.
 *
 * Everything admin-supplied (host, user, password) goes in here, quoted for the option-file syntax,
 * so none of it can be mistaken for a command-line option.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KuraError } from '../../errors.js';
import type { MysqlTarget } from './types.js';

/**
 * Quotes a value for a MySQL/MariaDB option file. The readers strip one pair of surrounding quotes
 * and then translate \\ \" \' \n \r \t \b, so quoting stops "#" and ";" being read as comments and
 * keeps leading/trailing spaces; escaping keeps quotes, backslashes and line breaks intact.
 * NUL cannot be represented at all, so it is refused rather than silently truncating a password.
 */
export function formatOptionValue(value: string, what = 'value'): string {
  if (value.includes('\0')) {
    throw new KuraError({
      code: 'invalid-option-value',
      category: 'config',
      message: `The ${what} contains a NUL character, which the MySQL client programs cannot read.`,
      hint: `Change the ${what} so it has no NUL character.`,
    });
  }
  const escaped = value.replace(/[\\"'\n\r\t\b]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case "'":
        return "\\'";
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return '\\b';
    }
  });
  return `"${escaped}"`;
}

/**
 * The file's text. `protocol=TCP` because with host "localhost" the clients silently switch to the
 * local socket and ignore the port, so a server on another port would be missed (or the wrong one used).
 * A null password writes no password line: the account has none, or the admin's own option files supply it.
 */
export function renderDefaultsFile(target: MysqlTarget): string {
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new KuraError({
      code: 'invalid-option-value',
      category: 'config',
      message: `The port ${target.port} is not a port number.`,
      hint: 'Use a whole number from 1 to 65535 (MySQL and MariaDB listen on 3306 by default).',
    });
  }
  const lines = [
    '[client]',
    `host=${formatOptionValue(target.host, 'host name')}`,
    `port=${target.port}`,
    'protocol=TCP',
    `user=${formatOptionValue(target.user, 'user name')}`,
  ];
  if (target.password !== null) lines.push(`password=${formatOptionValue(target.password, 'password')}`);
  return lines.join('\n') + '\n';
}

/**
 * Writes the option file (0600, in a fresh 0700 folder), runs `fn` with its path, and deletes it
 * whatever happens — success, tool failure, cancellation or an exception.
 */
export async function withDefaultsFile<T>(target: MysqlTarget, fn: (path: string) => Promise<T>): Promise<T> {
  const text = renderDefaultsFile(target);
  const dir = await mkdtemp(join(tmpdir(), 'kura-my-'));
  try {
    const path = join(dir, 'client.cnf');
    // 'wx': never follow or reuse something already there; mode applies at creation.
    const fh = await open(path, 'wx', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
    } finally {
      await fh.close();
    }
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
