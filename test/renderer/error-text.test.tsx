/**
 * Engine errors in the UI language. The samples are made by the engine's own error builders (rsync,
 * MySQL, Redis, config, the generic wrapper) and sent through the service's `toErrorDto`, exactly
 * as the UI receives them, so a reworded engine sentence that the patterns in lib/error-text.ts no
 * longer recognise fails here instead of silently showing English to a Japanese admin. Sentences
 * built deep inside a run (job lock, restore checks, keychain) are copied from their `code:` sites.
 */
import { renderable } from '../../electron/shared/messages/render.js';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorDto } from '../../electron/shared/ipc-contract.js';
import { ErrorBox } from '../../renderer/src/components/error-box.js';
import { setLanguage } from '../../renderer/src/i18n/index.js';
import { errorText, translatedCodes } from '../../renderer/src/lib/error-text.js';

/**
 * The engine is Node code outside this (browser) TypeScript project, so its builders are loaded at
 * run time and typed here by the little this test uses.
 */
const electronDir = import.meta.url.replace(/test\/renderer\/[^/]*$/, 'electron/');
const engineModule = <T,>(path: string): Promise<T> => import(/* @vite-ignore */ electronDir + path) as Promise<T>;
type Thrown = unknown;
interface Engine {
  parseFilesLocation(address: string): { ok: true; location: unknown } | { ok: false; reason: string };
  parseConfig(raw: unknown): unknown;
  KuraError: new (init: { code: string; category: string; message: string; hint?: string }) => Error;
  toKuraError(err: unknown): Thrown;
  unknownCollationError(collation: string, line: number | null, detail: string): Thrown;
  mysqlFailureToError(f: object): Thrown;
  importFailureToError(f: object): Thrown;
  redisNetworkError(err: unknown, target: object, during: string): Thrown;
  redisReplyError(message: string, command: string, target: object): Thrown;
  classifyRsyncExit(exit: number, stderr: string, ctx: object): { kind: 'failed'; error: Thrown } | { kind: 'ok' | 'warning' };
  targetTooOld(where: string, serverVersion: string, rdbVersion: number): Thrown;
  checkCompatible(facts: object, needs: object, target: object): void;
  rdbInvalid(problem: { kind: string; [fact: string]: unknown }): Thrown;
  readFileLayout(client: object, target: object): Promise<unknown>;
  resolveServiceControl(opts: object): Promise<unknown>;
  detectRsync(resolver: object, options: object): Promise<unknown>;
  sshCommandFor(client: object, location: unknown, keyPath: undefined, port: undefined): unknown;
  assertDatabaseName(database: string): void;
  verifyDumpFile(path: string): Promise<unknown>;
  pickSnapshot(snapshots: object[], idOrLatest: string, jobId: string): unknown;
  toErrorDto(err: unknown): ErrorDto;
}
let E: Engine;
let samples: ErrorDto[];

beforeAll(async () => {
  E = Object.assign(
    {},
    await engineModule('engine/config/files-location.ts'),
    await engineModule('engine/config/config-store.ts'),
    await engineModule('engine/errors.ts'),
    await engineModule('engine/tools/mysql/collations.ts'),
    await engineModule('engine/tools/mysql/errors.ts'),
    await engineModule('engine/tools/mysql/import-errors.ts'),
    await engineModule('engine/tools/redis/redis-errors.ts'),
    await engineModule('engine/tools/rsync/rsync-errors.ts'),
    await engineModule('engine/tools/redis/restore-preflight.ts'),
    await engineModule('engine/tools/redis/rdb-reader.ts'),
    await engineModule('engine/tools/redis/file-restore.ts'),
    await engineModule('engine/tools/redis/service-control.ts'),
    await engineModule('engine/tools/rsync/detect-rsync.ts'),
    await engineModule('engine/tools/rsync/run-rsync.ts'),
    await engineModule('engine/tools/mysql/dump-args.ts'),
    await engineModule('engine/tools/mysql/verify-dump.ts'),
    await engineModule('engine/snapshot/snapshot-store.ts'),
    await engineModule('service/error-dto.ts'),
  ) as Engine;
  samples = [...buildSamples(), ...(await buildThrownSamples())];
});

/** The error a builder throws (or rejects with), as the UI receives it. */
async function thrown(build: () => unknown): Promise<ErrorDto> {
  try {
    await build();
  } catch (err) {
    return E.toErrorDto(err);
  }
  throw new Error('the engine did not fail');
}

/** Samples from engine functions that throw their error (some of them asynchronously). */
async function buildThrownSamples(): Promise<ErrorDto[]> {
  const redisTarget = { host: 'cache.example.jp', port: 6379, username: null, password: null };
  const ssh = (() => {
    const r = E.parseFilesLocation('kura@web.example.jp:/var/www/shop');
    if (!r.ok) throw new Error(r.reason);
    return r.location;
  })();
  const noTools = { resolve: () => Promise.resolve(null) };
  const configRefused = { command: () => Promise.resolve({ kind: 'error', message: "ERR unknown command 'CONFIG', with args beginning with: 'GET' 'dir'" }) };
  const replica = { version: '7.2.4', role: 'slave', keysPerDb: {}, loadedModules: [], maxRdbVersion: 11, configFile: '/etc/redis/redis.conf', processId: 812, runId: 'a1' };
  return Promise.all([
    thrown(() => E.checkCompatible(replica, { rdbVersion: 11, modules: [], functions: 0, keysPerDb: { '0': 120 } }, redisTarget)),
    thrown(() => E.readFileLayout(configRefused, redisTarget)),
    thrown(() => E.resolveServiceControl({ platform: 'freebsd' })),
    thrown(() => E.resolveServiceControl({ service: { stop: [], start: ['service', 'redis', 'start'] } })),
    thrown(() => E.detectRsync(noTools, { platform: 'linux' })),
    thrown(() => E.detectRsync(noTools, { platform: 'darwin' })),
    thrown(() => E.detectRsync(noTools, { platform: 'win32' })),
    thrown(() => E.sshCommandFor({ path: 'rsync', version: '3.2.7', protocol: 31, flavour: 'rsync', platform: 'linux', supports: { infoProgress2: true }, sshPath: null }, ssh, undefined, undefined)),
    thrown(() => E.sshCommandFor({ path: 'rsync.exe', version: '3.4.1', protocol: 32, flavour: 'cwrsync', platform: 'win32', supports: { infoProgress2: true }, sshPath: null }, ssh, undefined, undefined)),
    thrown(() => E.assertDatabaseName('shop/old')),
    thrown(() => E.assertDatabaseName('')),
    thrown(() => E.verifyDumpFile('/nonexistent-kura-backup/shop/2025-06-01T00-00-00Z/mysql/shop.sql.gz')),
    thrown(() => E.pickSnapshot([], 'latest', 'shop')),
    thrown(() => E.pickSnapshot([{ id: '2025-06-01T00-00-00Z' }, { id: '2025-06-02T00-00-00Z' }], '2025-05-30T00-00-00Z', 'shop')),
  ]);
}

function buildSamples(): ErrorDto[] {
  const daemon = (() => {
    const r = E.parseFilesLocation('kura@web.example.jp::www');
    if (!r.ok) throw new Error(r.reason);
    return r.location;
  })();
  const rsync = (exit: number, stderr: string, operation: 'pull' | 'push' = 'pull'): ErrorDto => {
    const o = E.classifyRsyncExit(exit, stderr, { operation, location: daemon });
    if (o.kind !== 'failed') throw new Error(`rsync outcome ${o.kind}`);
    return E.toErrorDto(o.error);
  };
  const target = { host: 'db.example.jp', port: 3306, user: 'kura_backup', password: 'x' };
  const mysql = (stderr: string, database?: string): ErrorDto =>
    E.toErrorDto(E.mysqlFailureToError({ tool: 'mariadb-dump', exitCode: 2, signal: null, stderr, target, ...(database ? { database } : {}) }));
  const redisTarget = { host: 'cache.example.jp', port: 6379 };
  const errno = (code: string) => Object.assign(new Error(code), { code });
  const engine = (code: string, message: string, hint?: string): ErrorDto => E.toErrorDto(new E.KuraError({ code, category: 'config', message, ...(hint ? { hint } : {}) }));
  const sshRsync = (exit: number, stderr: string): ErrorDto => {
    const r = E.parseFilesLocation('kura@web.example.jp:/var/www/shop');
    if (!r.ok) throw new Error(r.reason);
    const o = E.classifyRsyncExit(exit, stderr, { operation: 'pull', location: r.location });
    if (o.kind !== 'failed') throw new Error(`rsync outcome ${o.kind}`);
    return E.toErrorDto(o.error);
  };
  const mysqlImport = (stderr: string): ErrorDto =>
    E.toErrorDto(E.importFailureToError({ tool: 'mariadb', exitCode: 1, signal: null, stderr, target, database: 'shop', strippingDefiners: false }));
  const configInvalid = (): ErrorDto => {
    try {
      E.parseConfig({ version: 1, jobs: [{ id: 'shop', name: '', destination: { path: '' }, sources: [] }] });
    } catch (err) {
      return E.toErrorDto(err);
    }
    throw new Error('config was accepted');
  };

  /** One or more real engine sentences per translated code. */
  return [
    rsync(5, '@ERROR: auth failed on module www\nrsync error: error starting client-server protocol (code 5)'),
    rsync(5, '@ERROR: Unknown module \'www\'\n'),
    rsync(10, 'rsync: failed to connect to web.example.jp (203.0.113.5): Connection refused (111)'),
    rsync(10, 'rsync: getaddrinfo: web.example.jp 873: Name or service not known'),
    rsync(35, 'rsync: connection timed out'),
    rsync(30, 'timeout waiting for data'),
    rsync(12, 'rsync: connection unexpectedly closed'),
    rsync(10, 'rsync: read error: Connection reset by peer (104)'),
    rsync(3, 'ERROR: module is read only\nrsync error: syntax or usage error (code 1)', 'push'),
    rsync(11, 'rsync: write failed on "x": No space left on device (28)'),
    rsync(11, 'rsync: write failed on "x": No space left on device (28)', 'push'),
    mysql("mariadb-dump: Got error: 1045: \"Access denied for user 'kura_backup'@'203.0.113.7' (using password: YES)\" when trying to connect"),
    mysql("mariadb-dump: Got error: 1045: \"Access denied for user 'kura_backup'@'203.0.113.7' (using password: NO)\" when trying to connect"),
    mysql('mariadb-dump: Got error: 2002: "Can\'t connect to server on \'db.example.jp\' (115)" when trying to connect'),
    mysql('mariadb-dump: Got error: 2005: "Unknown server host \'db.example.jp\' (-2)" when trying to connect'),
    mysql('mysqldump: Error 2013: Lost connection to MySQL server during query when dumping table `t` at row: 1234'),
    mysql('mariadb-dump: Got error: 1049: "Unknown database \'shop\'" when selecting the database', 'shop'),
    mysql('mariadb-dump: Got error: 1049: "Unknown database \'shop\'" when selecting the database'),
    mysql("mariadb-dump: Got error: 1044: \"Access denied for user 'kura_backup'@'%' to database 'shop2'\" when selecting the database"),
    mysql("mariadb-dump: Couldn't execute 'show create table `v`': SHOW VIEW command denied to user 'kura_backup'@'203.0.113.7' for table `shop`.`v` (1142)", 'shop'),
    E.toErrorDto(
      E.importFailureToError({
        tool: 'mariadb',
        exitCode: 1,
        signal: null,
        stderr: 'ERROR 1227 (42000) at line 120: Access denied; you need (at least one of) the SUPER, SET USER privilege(s) for this operation',
        target,
        database: 'shop',
        strippingDefiners: false,
      }),
    ),
    E.toErrorDto(
      E.importFailureToError({
        tool: 'mariadb',
        exitCode: 1,
        signal: null,
        stderr: 'ERROR 1227 (42000): Access denied; you need (at least one of) the SUPER, SET USER privilege(s) for this operation',
        target,
        database: 'shop',
        strippingDefiners: true,
      }),
    ),
    E.toErrorDto(E.importFailureToError({ tool: 'mariadb', exitCode: 1, signal: null, stderr: 'ERROR 2013 (HY000) at line 88: Lost connection to server during query', target, database: 'shop', strippingDefiners: false })),
    E.toErrorDto(E.unknownCollationError('utf8mb4_0900_ai_ci', 12, '')),
    E.toErrorDto(E.unknownCollationError('utf8mb4_weird_ci', null, '')),
    E.toErrorDto(E.redisReplyError('WRONGPASS invalid username-password pair or user is disabled.', 'AUTH', redisTarget)),
    E.toErrorDto(E.redisReplyError('NOAUTH Authentication required.', 'PING', redisTarget)),
    E.toErrorDto(E.redisNetworkError(errno('ECONNREFUSED'), redisTarget, 'connecting')),
    E.toErrorDto(E.redisNetworkError(errno('ENOTFOUND'), redisTarget, 'connecting')),
    E.toErrorDto(E.redisNetworkError(errno('ETIMEDOUT'), redisTarget, 'connecting')),
    E.toErrorDto(E.redisNetworkError(errno('EHOSTUNREACH'), redisTarget, 'connecting')),
    E.toErrorDto(E.redisNetworkError(errno('ECONNRESET'), redisTarget, 'receiving the snapshot')),
    E.toErrorDto(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })),
    E.toErrorDto(Object.assign(new Error('aborted'), { name: 'AbortError' })),
    configInvalid(),
    engine('config-invalid', '/home/shop/.kura/config.json is not valid JSON: Unexpected token } in JSON at position 120', 'Fix the syntax error (a missing comma or quote?) and try again.'),
    engine('config-invalid', 'Source "site": "web::" has no module name.'),
    engine('tool-missing', 'The program "rsync" was not found.', 'Install it (see `kura doctor`) or set its path in Settings.'),
    engine('tool-missing', 'Kura could not find mysqldump (or mariadb-dump), which it needs to back up databases.', 'Install the MariaDB or MySQL client programs (…), or set the path of mysqldump in Settings.'),
    engine('destination-unavailable', "The backup folder /mnt/backup cannot be used: ENOENT: no such file or directory, mkdir '/mnt/backup'", 'Check that the backup disk is connected and writable, or choose another backup folder.'),
    engine('secret-missing', 'No password is stored in the keychain under "shop-db".', "Enter it in the job's settings in Kura, or run: kura secret set shop-db"),
    engine('keychain-unavailable', 'Reading "shop-db" from the keychain failed: Cannot autolaunch D-Bus without X11 $DISPLAY', 'Kura stores passwords only in the OS keychain and never in plain text.'),
    engine('job-locked', 'Job "shop" is already running (process 4242, started 2025-06-01T00:00:03.000Z).', 'Wait for that backup to finish; this run was skipped so the two do not overlap.'),
    engine('snapshot-damaged', 'Snapshot 2025-06-02T00-00-00Z is damaged and was not restored: mysql/db/shop.sql.gz: checksum differs. Nothing was changed.', 'The previous snapshot 2025-06-01T00-00-00Z checks out: restore that one instead.'),
    engine('restore-verify-failed', 'The restore finished but does not match the snapshot: tables: 11 of 12; rows: 3 differ.', 'Look at the differences above; restore again, or restore into a new name and compare.'),
    engine('restore-verify-failed', 'The restored files do not match the snapshot: files: 2 missing.', 'Check free space and permissions at the target, then restore again.'),
    engine('interrupted', 'The run was interrupted (Kura was closed, the PC shut down or the process was killed). Nothing from it was kept.', 'The next run starts fresh; earlier snapshots are untouched.'),
    engine('cancelled', 'The restore was cancelled.'),

    // Redis: backup (bgsave.ts) and error replies (redis-errors.ts)
    engine('redis-bgsave-failed', 'Redis at cache.example.jp:6379 could not write its snapshot (rdb_last_bgsave_status:err).', 'Check the Redis server log: usually its disk is full or it may not write to its data folder.'),
    engine('redis-bgsave-timeout', 'Redis at cache.example.jp:6379 did not finish writing its snapshot in time.', 'The dataset may be very large or the server disk slow; check INFO persistence on the server.'),
    engine('redis-rdb-path-unknown', 'Redis did not say where it writes its snapshot (CONFIG GET dir).', 'Set rdbPath for this source to the server’s dump.rdb, or use the "sync" method.'),
    engine('redis-rdb-stale', "The file /var/lib/redis/dump.rdb is older than the snapshot Redis just wrote: it is not this server's current RDB file.", 'Check rdbPath for this source (Redis writes to CONFIG GET dir / dbfilename), or use the "sync" method.'),
    engine('redis-rdb-not-found', 'Redis at cache.example.jp:6379 saved its snapshot to /var/lib/redis/dump.rdb, but that file is not on this computer.', 'The "file" method only works when Redis runs on this computer (or rdbPath points at a shared folder). Use the "sync" method for a remote Redis.'),
    engine('redis-rdb-unreadable', 'Kura may not read /var/lib/redis/dump.rdb (it belongs to the Redis service).', 'Give the user running Kura read access to the Redis data folder (for example add it to the "redis" group), or use the "sync" method.'),
    engine('redis-rdb-unreadable', 'Could not read /var/lib/redis/dump.rdb: EISDIR: illegal operation on a directory, read'),
    E.toErrorDto(E.rdbInvalid({ kind: 'checksum', stored: '0a1b2c3d4e5f6071', computed: '1122334455667788' })),
    E.toErrorDto(E.rdbInvalid({ kind: 'truncated', size: 4096 })),
    E.toErrorDto(E.rdbInvalid({ kind: 'prerelease', offset: 120, what: 'functions in the format of Redis 7.0 release candidates' })),
    // As an older Kura wrote it into the run history (English text, no facts as data): still shown in Japanese.
    engine('rdb-invalid', 'The Redis snapshot is not valid: bad checksum: the file says 0a1b2c3d4e5f6071 but its content gives 1122334455667788 (some bytes were changed).', 'Fetch the snapshot again; if this keeps happening, check the Redis server (redis-check-rdb can inspect the file).'),
    E.toErrorDto(E.redisReplyError('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?', 'auth', redisTarget)),
    E.toErrorDto(E.redisReplyError('DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface.', 'ping', redisTarget)),
    E.toErrorDto(E.redisReplyError('LOADING Redis is loading the dataset in memory', 'psync', redisTarget)),
    E.toErrorDto(E.redisReplyError("NOPERM User kura has no permissions to run the 'psync' command", 'psync', redisTarget)),
    E.toErrorDto(E.redisReplyError("NOPERM User kura has no permissions to run the 'select' command", 'select', redisTarget)),
    E.toErrorDto(E.redisReplyError("ERR unknown command 'BGSAVE', with args beginning with: ", 'bgsave', redisTarget)),
    // Redis: restore (restore-preflight.ts, live-restore.ts, file-restore.ts, redis-restore.ts)
    E.toErrorDto(E.targetTooOld('cache.example.jp:6379', '6.2.14', 11)),
    engine('redis-target-is-replica', 'Redis at cache.example.jp:6379 became a read-only replica during the restore.', 'Restore into the primary server.'),
    engine('redis-snapshot-mismatch', "The RDB file does not match its snapshot's manifest (db 0: 118 keys in the file, 120 in the manifest); nothing was changed on the server.", 'The snapshot folder was modified. Restore from another snapshot.'),
    engine('redis-restore-rejected', 'Redis at cache.example.jp:6379 rejected the key "session:4f1c" in database 0: ERR DUMP payload version or checksum are wrong.', 'Verify the snapshot (kura verify); if it is intact, the target server may be a different product or version than the source.'),
    engine('redis-restore-rejected', 'Redis at cache.example.jp:6379 rejected a function library: ERR DUMP payload version or checksum are wrong.', 'Verify the snapshot (kura verify); if it is intact, the target server may be a different product or version than the source.'),
    engine('redis-restore-rejected', 'Redis at cache.example.jp:6379 could not read the key "cart:42" in database 2 from the backup (ERR Bad data format).', 'Verify the snapshot (kura verify); a different Redis product or version may store this type differently.'),
    engine('redis-out-of-memory', 'Redis at cache.example.jp:6379 ran out of memory (maxmemory) while restoring the key "page:/index" in database 1.', 'Raise maxmemory on the target (or free memory), or restore with "flush" so the old data does not count, then restore again.'),
    engine('redis-restore-verify-failed', 'The restore finished, but the server does not match the backup: keys in db 0: 130 keys on the server, 120 in the backup.', 'Something else may be writing to this Redis (an app, a replica link). Stop it and restore again, with "flush".'),
    engine('redis-data-dir-unreachable', 'Redis at cache.example.jp:6379 keeps its data in /var/lib/redis, which is not on this computer.', 'A file restore only works for a Redis on this computer. Use the live restore for a remote server.'),
    engine('redis-data-dir-unreachable', 'Kura may not write to /var/lib/redis, where Redis at 127.0.0.1:6379 keeps its data.', 'Run Kura as an administrator (or a user in the redis group), or use the live restore.'),
    engine('redis-no-config-file', 'Redis at 127.0.0.1:6379 uses an append-only file but was started without a config file, so Kura cannot switch AOF off for the restart.', 'Use the live restore (no restart needed), or start Redis with a redis.conf and restore again.'),
    engine(
      'redis-service-unknown',
      'A file restore has to stop and start Redis, but no systemd unit "redis-server" or "redis" was found.',
      'Set the commands on this Redis source ("service": { "stop": [...], "start": [...] }, e.g. ["brew", "services", "stop", "redis"]), or use the live restore, which needs no restart.',
    ),
    engine('redis-did-not-stop', 'Redis at 127.0.0.1:6379 was asked to stop but is still running after 120 s.', 'Check the stop command (it may stop a different Redis) and the Redis log; nothing was replaced.'),
    engine('redis-did-not-start', 'Redis at 127.0.0.1:6379 did not come back within 1800 s after the restore (the old server process is still answering).', 'Check the Redis log for why it did not start or load the file.'),
    engine('redis-aof-rewrite-failed', 'Redis restored the data but could not write its new append-only file (aof_last_bgrewrite_status:err).', 'Check the disk space and permissions of the Redis data folder, then run CONFIG SET appendonly yes and CONFIG REWRITE.'),
    engine('redis-aof-rewrite-timeout', 'Redis restored the data but is still writing its new append-only file.', 'Wait for INFO persistence to show aof_rewrite_in_progress:0, then run CONFIG REWRITE.'),

    // rsync and SSH (rsync-errors.ts, detect-rsync.ts, run-rsync.ts)
    rsync(5, '@ERROR: access denied to www from client.example.jp (203.0.113.7)'),
    rsync(5, '@ERROR: max connections (4) reached -- try again later'),
    rsync(5, '@ERROR: chdir failed'),
    rsync(5, '@ERROR: the module is being rebuilt'),
    rsync(1, 'rsync: The server is configured to refuse --acls\nrsync error: requested action not supported (code 4)'),
    rsync(23, 'rsync: [sender] change_dir "/shop" (in www) failed: No such file or directory (2)'),
    rsync(23, 'rsync: [sender] link_stat "/mnt/backup/shop/2025-06-01T00-00-00Z/files/site" failed: No such file or directory (2)', 'push'),
    rsync(23, 'rsync: [sender] change_dir "/shop" (in www) failed: Permission denied (13)'),
    rsync(23, 'rsync: [sender] change_dir "/mnt/backup/shop/2025-06-01T00-00-00Z/files/site" failed: Permission denied (13)', 'push'),
    rsync(5, 'rsync: did not see server greeting'),
    rsync(2, 'protocol version mismatch -- is your shell clean?'),
    rsync(3, 'rsync: [Receiver] mkdir "/mnt/backup/shop/x" failed: No such file or directory (2)\nrsync error: errors selecting input/output files, dirs (code 3)'),
    rsync(4, 'rsync: on remote machine: --info=progress2: unknown option'),
    rsync(11, 'rsync: [receiver] write failed on "/mnt/backup/shop/x": Input/output error (5)'),
    rsync(22, 'ERROR: out of memory in flist_expand [sender]'),
    rsync(25, 'rsync: the --max-delete limit stopped deletions'),
    rsync(20, 'rsync error: received SIGINT, SIGTERM, or SIGHUP (code 20) at rsync.c(713)'),
    engine('rsync-unusable', 'The program at /usr/local/bin/rsync did not answer "rsync --version" like rsync does.', 'Check the rsync path in Settings (or remove it so Kura uses the one it ships or finds on PATH).'),
    engine('rsync-too-old', 'The rsync at /usr/bin/rsync is version 2.6.9; Kura needs 3.0.0 or newer.', 'macOS ships an old rsync (or openrsync). Install a current one with "brew install rsync", or set its path in Settings.'),
    engine('rsync-too-old', 'The rsync at /usr/bin/rsync is version 2.6.9; Kura needs 3.0.0 or newer.', 'Install a current rsync, or set the path of a newer one in Settings.'),
    engine('rsync-killed', 'rsync was stopped by SIGKILL before it finished.', 'Something on this computer ended rsync (low memory, a security tool?). Run the backup again.'),
    engine('rsync-killed', 'rsync was stopped by SIGKILL before it finished.', 'Something on this computer ended rsync (low memory, a security tool?). Start the restore again.'),
    sshRsync(255, '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]'),
    sshRsync(255, 'Load key "/home/shop/.ssh/id_ed25519": bad permissions\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]'),
    sshRsync(255, 'kura@web.example.jp: Permission denied (publickey,password).\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]'),
    sshRsync(255, 'ssh: Could not resolve hostname web.example.jp: Name or service not known\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]'),
    sshRsync(255, 'ssh: connect to host web.example.jp port 22: Connection refused\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]'),
    sshRsync(12, 'bash: line 1: rsync: command not found\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]'),
    sshRsync(127, 'sh: 1: rsync: not found'),
    sshRsync(14, 'rsync: Failed to exec ssh: No such file or directory (2)\nrsync error: error in IPC code (code 14) at pipe.c(85)'),
    rsync(11, 'rsync: [receiver] mkstemp "/mnt/backup/shop/.index.php.x1Y2" failed: Permission denied (13)'),
    E.toErrorDto(Object.assign(new Error("EACCES: permission denied, mkdir '/mnt/backup/shop'"), { code: 'EACCES', path: '/mnt/backup/shop' })),

    // MySQL (errors.ts, import-errors.ts, dump-database.ts, import-dump.ts, detect-client.ts)
    mysql('mariadb-dump: Got error: 2002: "Received error packet before completion of TLS handshake. The authenticity of the following error cannot be verified: 1130 - Host \'203.0.113.7\' is not allowed to connect to this MariaDB server" when trying to connect'),
    engine('mysql-dump-incomplete', 'mariadb-dump exited normally but the dump of "shop" does not end with its "-- Dump completed" line, so it may be cut short.', 'Run the backup again; if it happens again, check the server log for errors during the dump.'),
    E.toErrorDto(E.mysqlFailureToError({ tool: 'mariadb-dump', exitCode: null, signal: 'SIGKILL', stderr: '', target })),
    E.toErrorDto(E.mysqlFailureToError({ tool: 'mariadb', exitCode: null, signal: 'SIGKILL', stderr: '', target })),
    E.toErrorDto(E.mysqlFailureToError({ tool: 'mariadb-dump', exitCode: null, signal: 'SIGTERM', stderr: 'mariadb-dump: Dumping table `orders`', target })),
    mysql('mariadb-dump: Error 1412: Table definition has changed, please retry transaction when dumping table `orders` at row: 0'),
    E.toErrorDto(E.mysqlFailureToError({ tool: 'mariadb', exitCode: 1, signal: null, stderr: '', target })),
    mysqlImport("ERROR 1064 (42000) at line 2: You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'SELEC broken' at line 1"),
    mysqlImport("ERROR 1062 (23000) at line 57: Duplicate entry '1' for key 'PRIMARY'"),
    mysqlImport("ERROR 1142 (42000) at line 30: CREATE VIEW command denied to user 'kura_backup'@'203.0.113.7' for table `shop`.`v_orders`"),
    mysqlImport("ERROR 1115 (42000) at line 25: Unknown character set: 'utf8mb5'"),
    mysqlImport("ERROR 1449 (HY000) at line 9: The user specified as a definer ('shop_admin'@'%') does not exist"),
    engine('dump-invalid', 'The import stopped because the dump /mnt/backup/shop/2025-06-01T00-00-00Z/mysql/shop.sql.gz is not usable: the file is cut short (the compressed data ends too early).', 'Use another snapshot, and check the backup disk for errors.'),
    engine('tool-unusable', '/usr/local/bin/mysqldump did not report a MySQL or MariaDB version, so Kura cannot tell which options it accepts.', 'Install the MariaDB or MySQL client programs (…), or set the path of mysqldump in Settings.'),

    // Runs, snapshots, folders
    engine('already-running', 'A backup of "Shop website" is already running.', 'Wait for it to finish, or cancel it first.'),
    engine('snapshot-not-found', 'There is no complete snapshot "2025-05-30T00-00-00Z" holding source "db".', 'Available: 2025-06-01T00-00-00Z, 2025-06-02T00-00-00Z (or "latest").'),
    engine('snapshot-exists', 'A snapshot 2025-06-01T00-00-00Z already exists.'),
    engine('source-not-found', 'Job "shop" no longer has the MySQL source "db" to test-restore into.'),
    engine('path-not-in-snapshot', '"wp-content/uploads/2024" is not in this snapshot of site.', 'Browse the snapshot folder to find the exact path (it is case-sensitive).'),
    engine('folder-unreadable', "Cannot read the backup folder /mnt/backup: EACCES: permission denied, scandir '/mnt/backup'", 'Check that the backup disk is connected and the path is right.'),
    engine('folder-unreadable', "Kura cannot read E:\\kura: ENOENT: no such file or directory, scandir 'E:\\kura'", 'Check that the disk is connected and the folder exists.'),
    engine('offsite-not-mounted', 'The off-site folder /mnt/nas/kura is not available (the disk is not connected or the network share is not mounted), so the copy was skipped.', 'Connect the disk or mount the share; Kura copies the missing snapshots on the next run.'),
    engine('offsite-snapshot-incomplete', 'The snapshot 2025-06-01T00-00-00Z at rsync://kura@nas.example.jp/kura/shop/ has no valid manifest any more (it may have been removed while it was fetched).', 'List the snapshots there again and pick another one.'),
    engine('offsite-snapshot-damaged', 'The copy of snapshot 2025-06-01T00-00-00Z at rsync://kura@nas.example.jp/kura/shop/ does not match its manifest: mysql/shop.sql.gz: checksum differs.', 'Pick an earlier snapshot from the same place (kura snapshots --from …).'),
  ];
}

const configInvalidSample = (): ErrorDto => {
  try {
    E.parseConfig({ version: 1, jobs: [{ id: 'shop', name: '', destination: { path: '' }, sources: [] }] });
  } catch (err) {
    return E.toErrorDto(err);
  }
  throw new Error('config was accepted');
};

describe('errorText', () => {
  it('translates a real engine sentence of every listed code into Japanese, keeping the facts', () => {
    const covered = new Set(samples.map((s) => s.code));
    expect(translatedCodes.filter((c) => !covered.has(c))).toEqual([]);
    const untranslated: string[] = [];
    for (const s of samples) {
      const shown = errorText(s, 'ja');
      if (shown.original === null && !renderable(s.code, s.params)) untranslated.push(`${s.code}: ${s.message}`);
      expect(shown.message).not.toMatch(/\{\{|\}\}/);
      expect(shown.message).toMatch(/[ぁ-んァ-ヶ]/);
      expect(shown.hint === null).toBe(s.hint === null);
      if (shown.hint !== null) expect(shown.hint).not.toMatch(/\{\{|\}\}/);
      expect(shown.original).toEqual(shown.original === null ? null : { message: s.message, hint: s.hint });
    }
    expect(untranslated).toEqual([]);
  });

  it('keeps the GRANT statement of a missing privilege verbatim', () => {
    const dto = samples.find((s) => s.code === 'mysql-privilege-missing')!;
    const grant = 'GRANT SHOW VIEW ON `shop`.* TO \'kura_backup\'@\'%\';';
    expect(dto.message).toContain(grant);
    const shown = errorText(dto, 'ja');
    expect(shown.message).toBe(`バックアップ用ユーザーに SHOW VIEW 権限がありません：${grant}`);
    expect(shown.hint).toContain('phpMyAdmin の「SQL」タブ');
    expect(shown.hint!.endsWith(grant)).toBe(true);
  });

  it('keeps the server, the user and the line number in the Japanese sentence', () => {
    const auth = errorText(samples[0]!, 'ja');
    expect(auth.message).toBe('rsync サーバー rsync://kura@web.example.jp/www/ で認証に失敗しました。ユーザー名またはパスワードが受け付けられませんでした。');
    expect(auth.hint).toContain('「kura:パスワード」');
    const definer = errorText(samples.find((s) => s.code === 'mysql-definer-denied')!, 'ja');
    expect(definer.message).toContain('（ダンプの 120 行目）');
    expect(definer.message).toContain('ユーザー「kura_backup」');
    expect(definer.hint).toContain('ビューとルーチンの所有者を自分にする');
  });

  it('keeps the Redis file path, the group and the method of the file method verbatim', () => {
    const unreadable = samples.find((s) => s.code === 'redis-rdb-unreadable' && s.hint !== null)!;
    const shown = errorText(unreadable, 'ja');
    expect(shown.message).toBe('Kura には /var/lib/redis/dump.rdb を読み取る権限がありません（このファイルは Redis サービスのものです）。');
    expect(shown.hint).toContain('「redis」グループに追加する');
    expect(shown.hint).toContain('「sync」方式');
    const notFound = errorText(samples.find((s) => s.code === 'redis-rdb-not-found')!, 'ja');
    expect(notFound.message).toContain('Redis（cache.example.jp:6379）はスナップショットを /var/lib/redis/dump.rdb に保存しましたが');
  });

  it('names the forbidden Redis command and what each backup method needs', () => {
    const denied = samples.filter((s) => s.code === 'redis-permission-denied').map((s) => errorText(s, 'ja'));
    expect(denied.map((d) => d.message)).toEqual([
      'Redis のユーザーには、cache.example.jp:6379 で PSYNC を実行する権限がありません。',
      'Redis のユーザーには、cache.example.jp:6379 で SELECT を実行する権限がありません。',
    ]);
    for (const d of denied) expect(d.hint).toContain('「sync」方式（ネットワーク経由のレプリケーション）には +sync +psync +replconf が');
    const unavailable = errorText(samples.find((s) => s.code === 'redis-command-unavailable')!, 'ja');
    expect(unavailable.message).toContain('では BGSAVE が使えません');
    expect(unavailable.hint).toContain('サーバーが dump.rdb を書き込む場所を指す rdbPath');
  });

  it('names the Redis key a live restore could not write, and keeps the server reply', () => {
    const oom = errorText(samples.find((s) => s.code === 'redis-out-of-memory')!, 'ja');
    expect(oom.message).toBe('Redis（cache.example.jp:6379）で、データベース 1 のキー "page:/index" の復元中にメモリが足りなくなりました（maxmemory）。');
    const rejected = samples.filter((s) => s.code === 'redis-restore-rejected').map((s) => errorText(s, 'ja').message);
    expect(rejected[0]).toContain('データベース 0 のキー "session:4f1c" を受け付けませんでした: ERR DUMP payload version or checksum are wrong。');
    expect(rejected[1]).toContain('関数ライブラリを受け付けませんでした');
    expect(rejected[2]).toContain('（ERR Bad data format）');
  });

  it('keeps the MySQL statements and the tool output of import failures verbatim', () => {
    const hostDenied = errorText(samples.find((s) => s.code === 'mysql-host-not-allowed')!, 'ja');
    expect(hostDenied.hint).toContain("（例：CREATE USER 'kura_backup'@'%' IDENTIFIED BY '…';");
    const restoreDenied = errorText(samples.find((s) => s.code === 'mysql-restore-denied')!, 'ja');
    // The server's reply, with its line of the dump, is a fact kept verbatim.
    expect(restoreDenied.message).toContain("権限がありません：ERROR 1142 (42000) at line 30: CREATE VIEW command denied to user 'kura_backup'@'203.0.113.7'");
    expect(restoreDenied.hint!.endsWith("GRANT CREATE VIEW ON `shop`.* TO 'kura_backup'@'%';")).toBe(true);
  });

  it('gives restore advice, not backup advice, when a restore fails', () => {
    const hints = (code: string) => samples.filter((s) => s.code === code).map((s) => errorText(s, 'ja').hint);
    expect(hints('rsync-killed')).toEqual([expect.stringContaining('もう一度バックアップを実行'), expect.stringContaining('もう一度復元を開始')]);
    expect(hints('mysql-tool-killed')).toContainEqual(expect.stringMatching(/もう一度実行してください。$/));
    const snapshotFolder = samples.filter((s) => s.code.startsWith('rsync-source-') && s.message.startsWith('The snapshot folder'));
    expect(snapshotFolder.length).toBeGreaterThanOrEqual(2);
    for (const s of snapshotFolder) expect(errorText(s, 'ja').hint).toMatch(/スナップショット/);
    expect(hints('snapshot-not-found')).toContainEqual('先にバックアップを実行してください（Kura の「今すぐバックアップ」、または kura run shop）。');
  });

  it('shows the config field list as the engine wrote it', () => {
    const dto = configInvalidSample();
    const fields = dto.message.slice(dto.message.indexOf('\n') + 1);
    expect(fields).toMatch(/name/);
    const shown = errorText(dto, 'ja');
    expect(shown.message).toBe(`config.json の内容に誤りがあります:\n${fields}`);
  });

  it('shows the engine text for an unknown code, for an unrecognised sentence and in English', () => {
    const unknown: ErrorDto = {
      code: 'redis-protocol-error',
      message: 'Redis at cache.example.jp:6379 sent an unexpected reply: a bulk string where an array was expected.',
      hint: 'Check that the host and port point at a Redis server (not another service, and not TLS-only).',
    };
    expect(translatedCodes).not.toContain(unknown.code);
    expect(errorText(unknown, 'ja')).toEqual({ message: unknown.message, hint: unknown.hint, original: null });
    // A known code whose hint is worded differently from every pattern's hintRe: English, not a wrong hint.
    const otherHint: ErrorDto = { code: 'rsync-missing', message: 'rsync was not found on this computer.', hint: 'Ask your administrator.' };
    expect(errorText(otherHint, 'ja')).toEqual({ message: otherHint.message, hint: otherHint.hint, original: null });
    const reworded: ErrorDto = { code: 'rsync-auth-failed', message: 'The rsync server said no.', hint: 'Check the password.' };
    expect(errorText(reworded, 'ja')).toEqual({ message: reworded.message, hint: reworded.hint, original: null });
    const known = samples[0]!;
    expect(errorText(known, 'en')).toEqual({ message: known.message, hint: known.hint, original: null });
  });

  it('does not add a hint the engine did not give', () => {
    const dto = E.toErrorDto(E.toKuraError(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    expect(dto.hint).toBeNull();
    expect(errorText(dto, 'ja')).toMatchObject({ message: '実行をキャンセルしました。', hint: null });
  });
});

describe('ErrorBox', () => {
  it('shows the Japanese text and offers the engine\'s English as the original', async () => {
    await setLanguage('ja');
    // A sentence translated from the engine's English (not yet a catalogued code with its facts).
    const dto = samples.find((s) => !renderable(s.code, s.params) && errorText(s, 'ja').original !== null && s.hint !== null)!;
    render(<ErrorBox error={dto} title="バックアップに失敗しました" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(errorText(dto, 'ja').message);
    // The message and the hint stay the only paragraphs (the original text is folded away).
    expect(alert.querySelectorAll('p')).toHaveLength(2);
    const original = within(alert).getByText('原文（英語）');
    await userEvent.click(original);
    expect(within(alert).getByText(dto.message).getAttribute('lang')).toBe('en');
    await setLanguage('en');
  });

  it('shows a catalogued error in Japanese from its code and facts, with no English "original" to offer', async () => {
    await setLanguage('ja');
    const dto = samples.find((s) => s.code === 'mysql-privilege-missing')!;
    expect(renderable(dto.code, dto.params)).toBe(true);
    render(<ErrorBox error={dto} title="バックアップに失敗しました" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('バックアップ用ユーザーに SHOW VIEW 権限がありません');
    expect(within(alert).queryByText('原文（英語）')).toBeNull();
    await setLanguage('en');
  });

  it('shows the engine text unchanged in English, without an "original" fold', async () => {
    await setLanguage('en');
    const dto = samples[0]!;
    render(<ErrorBox error={dto} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(dto.message);
    expect(alert.textContent).toContain(dto.hint!);
    expect(within(alert).queryByText('Original text (English)')).toBeNull();
  });
});
