/**
 * Engine errors in the UI language. The samples are made by the engine's own error builders (rsync,
 * MySQL, Redis, config, the generic wrapper) and sent through the service's `toErrorDto`, exactly
 * as the UI receives them: each must cross as a catalogued code with its facts (an error raised
 * with an English sentence of its own would reach a Japanese admin in English), and the ErrorBox
 * renders it in the UI language with the facts verbatim.
 */
import { renderLoose } from '../../electron/shared/messages/render.js';
import { renderable } from '../../electron/shared/messages/render.js';
import { render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorDto } from '../../electron/shared/ipc-contract.js';
import { ErrorBox } from '../../renderer/src/components/error-box.js';
import { setLanguage } from '../../renderer/src/i18n/index.js';
import { sayError } from '../../renderer/src/lib/say.js';

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
  parseCall(method: string, args: unknown): unknown;
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
    await engineModule('shared/ipc-contract.ts'),
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

    // Redis: backup (bgsave.ts) and error replies (redis-errors.ts)
    E.toErrorDto(E.rdbInvalid({ kind: 'checksum', stored: '0a1b2c3d4e5f6071', computed: '1122334455667788' })),
    E.toErrorDto(E.rdbInvalid({ kind: 'truncated', size: 4096 })),
    E.toErrorDto(E.rdbInvalid({ kind: 'prerelease', offset: 120, what: 'functions in the format of Redis 7.0 release candidates' })),
    // As an older Kura wrote it into the run history (English text, no facts as data): still shown in Japanese.
    E.toErrorDto(E.redisReplyError('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?', 'auth', redisTarget)),
    E.toErrorDto(E.redisReplyError('DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface.', 'ping', redisTarget)),
    E.toErrorDto(E.redisReplyError('LOADING Redis is loading the dataset in memory', 'psync', redisTarget)),
    E.toErrorDto(E.redisReplyError("NOPERM User kura has no permissions to run the 'psync' command", 'psync', redisTarget)),
    E.toErrorDto(E.redisReplyError("NOPERM User kura has no permissions to run the 'select' command", 'select', redisTarget)),
    E.toErrorDto(E.redisReplyError("ERR unknown command 'BGSAVE', with args beginning with: ", 'bgsave', redisTarget)),
    // Redis: restore (restore-preflight.ts, live-restore.ts, file-restore.ts, redis-restore.ts)
    E.toErrorDto(E.targetTooOld('cache.example.jp:6379', '6.2.14', 11)),

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

    // Runs, snapshots, folders
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

describe('sayError', () => {
  it('renders every real engine error from its code and facts, in Japanese', () => {
    const legacy: string[] = [];
    for (const s of samples) {
      if (!renderable(s.code, s.params)) legacy.push(`${s.code}: ${s.message}`);
      const shown = sayError(s, 'ja');
      expect(shown.message).not.toMatch(/\{\{|\}\}/);
      expect(shown.message).toMatch(/[ぁ-んァ-ヶ]/);
      expect(shown.hint === null).toBe(s.hint === null);
      if (shown.hint !== null) expect(shown.hint).not.toMatch(/\{\{|\}\}/);
      // English is the same catalogue's other language: what the CLI and the logs print.
      expect(sayError(s, 'en')).toEqual({ message: s.message, hint: s.hint });
    }
    expect(legacy).toEqual([]);
  });

  it('keeps the GRANT statement of a missing privilege verbatim', () => {
    const dto = samples.find((s) => s.code === 'mysql-privilege-missing')!;
    const grant = 'GRANT SHOW VIEW ON `shop`.* TO \'kura_backup\'@\'%\';';
    expect(dto.message).toContain(grant);
    const shown = sayError(dto, 'ja');
    expect(shown.message).toBe(`バックアップ用ユーザーに SHOW VIEW 権限がありません：${grant}`);
    expect(shown.hint).toContain('phpMyAdmin の「SQL」タブ');
    expect(shown.hint!.endsWith(grant)).toBe(true);
  });

  it('keeps the server, the user and the line number in the Japanese sentence', () => {
    const auth = sayError(samples[0]!, 'ja');
    expect(auth.message).toBe('rsync サーバー rsync://kura@web.example.jp/www/ で認証に失敗しました。ユーザー名またはパスワードが受け付けられませんでした。');
    expect(auth.hint).toContain('「kura:パスワード」');
    const definer = sayError(samples.find((s) => s.code === 'mysql-definer-denied')!, 'ja');
    expect(definer.message).toContain('（ダンプの 120 行目）');
    expect(definer.message).toContain('ユーザー「kura_backup」');
    expect(definer.hint).toContain('ビューとルーチンの所有者を自分にする');
  });

  it('names the forbidden Redis command and what each backup method needs', () => {
    const denied = samples.filter((s) => s.code === 'redis-permission-denied').map((s) => sayError(s, 'ja'));
    expect(denied.map((d) => d.message)).toEqual([
      'Redis のユーザーには、cache.example.jp:6379 で PSYNC を実行する権限がありません。',
      'Redis のユーザーには、cache.example.jp:6379 で SELECT を実行する権限がありません。',
    ]);
    for (const d of denied) expect(d.hint).toContain('「sync」方式（ネットワーク経由のレプリケーション）には +sync +psync +replconf が');
    const unavailable = sayError(samples.find((s) => s.code === 'redis-command-unavailable')!, 'ja');
    expect(unavailable.message).toContain('では BGSAVE が使えません');
    expect(unavailable.hint).toContain('サーバーが dump.rdb を書き込む場所を指す rdbPath');
  });

  it('keeps the MySQL statements and the tool output of import failures verbatim', () => {
    const hostDenied = sayError(samples.find((s) => s.code === 'mysql-host-not-allowed')!, 'ja');
    expect(hostDenied.hint).toContain("（例：CREATE USER 'kura_backup'@'%' IDENTIFIED BY '…';");
    const restoreDenied = sayError(samples.find((s) => s.code === 'mysql-restore-denied')!, 'ja');
    // The server's reply, with its line of the dump, is a fact kept verbatim.
    expect(restoreDenied.message).toContain("権限がありません：ERROR 1142 (42000) at line 30: CREATE VIEW command denied to user 'kura_backup'@'203.0.113.7'");
    expect(restoreDenied.hint!.endsWith("GRANT CREATE VIEW ON `shop`.* TO 'kura_backup'@'%';")).toBe(true);
  });

  it('gives restore advice, not backup advice, when a restore fails', () => {
    const hints = (code: string) => samples.filter((s) => s.code === code).map((s) => sayError(s, 'ja').hint);
    const killed = (params: Record<string, string>): ErrorDto => ({ code: 'rsync-killed', params, message: '', hint: '' });
    expect(sayError(killed({ signal: 'SIGKILL' }), 'ja').hint).toContain('もう一度バックアップを実行');
    expect(sayError(killed({ signal: 'SIGKILL', variant: 'restore' }), 'ja').hint).toContain('もう一度復元を開始');
    expect(hints('mysql-tool-killed')).toContainEqual(expect.stringMatching(/もう一度実行してください。$/));
    const snapshotFolder = samples.filter((s) => s.code.startsWith('rsync-source-') && s.message.startsWith('The snapshot folder'));
    expect(snapshotFolder.length).toBeGreaterThanOrEqual(2);
    for (const s of snapshotFolder) expect(sayError(s, 'ja').hint).toMatch(/スナップショット/);
    expect(hints('snapshot-not-found')).toContainEqual('先にバックアップを実行してください（Kura の「今すぐバックアップ」、または kura run shop）。');
  });

  it('shows the config field list in the admin\'s language, each field named as config.json names it', () => {
    const dto = configInvalidSample();
    expect(dto.message).toMatch(/jobs\[0\]\.name: expected a name/);
    const shown = sayError(dto, 'ja');
    expect(shown.message).toBe(renderLoose('ja', dto.code, dto.params!).message);
    expect(shown.message).toMatch(/^config\.json の内容に誤りがあります/);
    expect(shown.message).toContain('jobs[0].name：名前を入力してください');
    expect(shown.message).toContain('jobs[0].sources：ソースを 1 つ以上指定してください');
  });

  it('shows a record from an older Kura (English only, no facts) as it was written', () => {
    const old: ErrorDto = {
      code: 'rsync-auth-failed',
      message: 'Authentication failed at the rsync server rsync://kura@web.example.jp/www/: it did not accept the user name or password.',
      hint: 'Check the password.',
    };
    expect(sayError(old, 'ja')).toEqual({ message: old.message, hint: old.hint });
  });

  it('says a request the contract refused by its field, as the form labels it, in Japanese', () => {
    const dto = E.parseCall('sources.testMysql', [{ host: 'db.example.jp', port: 70000, user: 'kura' }]);
    expect(dto).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    const error = (dto as { error: ErrorDto }).error;
    expect(sayError(error, 'en').message).toBe('Port: expected at most 65535.');
    expect(sayError(error, 'ja').message).toBe('ポート：65535 以下を指定してください。');
    expect(error.message).not.toMatch(/Too big|Invalid arguments/);
  });

  it('does not add a hint the engine did not give', () => {
    const dto = E.toErrorDto(E.toKuraError(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    expect(dto.hint).toBeNull();
    expect(sayError(dto, 'ja')).toMatchObject({ message: '実行をキャンセルしました。', hint: null });
  });
});

describe('ErrorBox', () => {
  it('shows a catalogued error in Japanese from its code and facts', async () => {
    await setLanguage('ja');
    const dto = samples.find((s) => s.code === 'mysql-privilege-missing')!;
    expect(renderable(dto.code, dto.params)).toBe(true);
    render(<ErrorBox error={dto} title="バックアップに失敗しました" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('バックアップ用ユーザーに SHOW VIEW 権限がありません');
    // The message and the hint are the box's only paragraphs.
    expect(alert.querySelectorAll('p')).toHaveLength(2);
    await setLanguage('en');
  });

  it('shows the same catalogue\'s English in English', async () => {
    await setLanguage('en');
    const dto = samples[0]!;
    render(<ErrorBox error={dto} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(dto.message);
    expect(alert.textContent).toContain(dto.hint!);
  });
});
