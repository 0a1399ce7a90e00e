/**
 * The least-privilege account Kura reads a standby (replica) with, made on the standby itself:
 * MySQL/MariaDB — `SLAVE MONITOR` on MariaDB 10.5.9 and newer, `REPLICATION CLIENT` on MySQL and
 * older MariaDB (and, when the nightly dump is taken from the standby, the right to pause and restart
 * its SQL thread for the length of the dump); Redis — an ACL user that may run INFO and PING only.
 * The words come from the catalogue (standby.ts).
 */
import { render } from '../../shared/messages/render.js';
import type { MessageCode, ParamsOf } from '../../shared/messages/index.js';
import type { MysqlSource, RedisSource } from '../config/schema.js';
import { quoteAccount, quoteString } from '../tools/mysql/grants.js';
import { hostPort } from '../standby/standby-refs.js';
import type { SetupSnippet } from './setup-snippet.js';

/** English for now, like the rest of the server setup until its sentences travel as data. */
const en = <C extends MessageCode>(_lang: 'en', code: C, params: ParamsOf<C>): string => render('en', code, params).message;

export function mysqlStandbySnippet(source: MysqlSource, index: number, password: string): SetupSnippet {
  const sb = source.standbys![index]!;
  const standby = hostPort(sb.host, sb.port);
  const acc = quoteAccount({ user: sb.user, host: '%' });
  const lines = [
    `CREATE USER IF NOT EXISTS ${acc} IDENTIFIED BY ${quoteString(password)};`,
    `ALTER USER ${acc} IDENTIFIED BY ${quoteString(password)};`,
    '-- MariaDB 10.5.9 and newer:',
    `GRANT SLAVE MONITOR ON *.* TO ${acc};`,
    `-- MySQL, and MariaDB before 10.5.9 (instead of the line above): GRANT REPLICATION CLIENT ON *.* TO ${acc};`,
  ];
  const dumping = source.dumpFromStandby !== undefined && index === 0;
  if (dumping) {
    lines.push(
      '-- The dump from this standby pauses its SQL thread (STOP/START SLAVE SQL_THREAD):',
      '-- MariaDB 10.5.2 and newer:',
      `GRANT REPLICATION SLAVE ADMIN ON *.* TO ${acc};`,
      `-- MySQL 8 (instead of the line above): GRANT REPLICATION_SLAVE_ADMIN ON *.* TO ${acc};   older servers: GRANT SUPER ON *.* TO ${acc};`,
    );
  }
  return {
    id: `mysql-standby-user:${source.id}:${index}`,
    title: en('en', 'setup-standby-mysql-title', { user: sb.user, standby }),
    for: { kind: 'source', id: source.id },
    server: sb.host,
    where: en('en', 'setup-standby-where', { standby }),
    language: 'sql',
    content: lines.join('\n') + '\n',
    then: [],
    notes: [
      en('en', 'setup-standby-note-least', {}),
      en('en', 'setup-standby-note-local', {}),
      ...(dumping ? [en('en', 'setup-standby-note-dump', {})] : []),
      en('en', 'setup-standby-note-failover', {}),
    ],
  };
}

export function redisStandbySnippet(source: RedisSource, index: number, password: string): SetupSnippet {
  const sb = source.standbys![index]!;
  const standby = hostPort(sb.host, sb.port);
  const user = sb.username ?? sb.user ?? 'kura-monitor';
  return {
    id: `redis-standby-acl:${source.id}:${index}`,
    title: en('en', 'setup-standby-redis-title', { user, standby }),
    for: { kind: 'source', id: source.id },
    server: sb.host,
    where: en('en', 'setup-standby-where', { standby }),
    language: 'redis-acl',
    content: `user ${user} on >${password} resetkeys resetchannels -@all +ping +info\n`,
    then: [`redis-cli -h ${sb.host} -p ${sb.port} ACL SETUSER ${user} on >… resetkeys resetchannels -@all +ping +info   # or add the line above to the ACL file and ACL LOAD`],
    notes: [en('en', 'setup-standby-note-least', {}), en('en', 'setup-standby-note-failover', {})],
  };
}
