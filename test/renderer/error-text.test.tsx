/**
 * Engine errors in the UI language. The samples are made by the engine's own error builders (rsync,
 * MySQL, Redis, config, the generic wrapper) and sent through the service's `toErrorDto`, exactly
 * as the UI receives them, so a reworded engine sentence that the patterns in lib/error-text.ts no
 * longer recognise fails here instead of silently showing English to a Japanese admin. Sentences
 * built deep inside a run (job lock, restore checks, keychain) are copied from their `code:` sites.
 */
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
    await engineModule('service/error-dto.ts'),
  ) as Engine;
  samples = buildSamples();
});

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
    expect(translatedCodes.filter((c) => !covered.has(c) && !['ssh-auth-failed', 'ssh-host-unknown', 'ssh-connect-failed'].includes(c))).toEqual([]);
    const untranslated: string[] = [];
    for (const s of samples) {
      const shown = errorText(s, 'ja');
      if (shown.original === null) untranslated.push(`${s.code}: ${s.message}`);
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
    expect(shown.message).toBe(`バックアップ用ユーザーに SHOW VIEW 権限がありません: ${grant}`);
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

  it('shows the config field list as the engine wrote it', () => {
    const dto = configInvalidSample();
    const fields = dto.message.slice(dto.message.indexOf('\n') + 1);
    expect(fields).toMatch(/name/);
    const shown = errorText(dto, 'ja');
    expect(shown.message).toBe(`config.json の内容に誤りがあります:\n${fields}`);
  });

  it('shows the engine text for an unknown code, for an unrecognised sentence and in English', () => {
    const unknown: ErrorDto = { code: 'redis-aof-rewrite-timeout', message: 'Redis did not finish rewriting its AOF in time.', hint: 'Try again later.' };
    expect(errorText(unknown, 'ja')).toEqual({ message: unknown.message, hint: unknown.hint, original: null });
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
    const dto = samples.find((s) => s.code === 'mysql-privilege-missing')!;
    render(<ErrorBox error={dto} title="バックアップに失敗しました" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('バックアップ用ユーザーに SHOW VIEW 権限がありません');
    // The message and the hint stay the only paragraphs (the original text is folded away).
    expect(alert.querySelectorAll('p')).toHaveLength(2);
    const original = within(alert).getByText('原文（英語）');
    await userEvent.click(original);
    expect(within(alert).getByText(dto.message).getAttribute('lang')).toBe('en');
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
