/**
 * Values that used to pass validation and fail later — after a snapshot was published (an unknown
 * time zone stopped retention for good), or against whatever folder Kura happened to start in (a
 * relative destination) — are refused when the config is loaded or saved, naming the field.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/engine/config/config-store.js';
import { KuraError } from '../../../electron/engine/errors.js';
import { isAbsoluteAnyOs } from '../../../electron/engine/util/absolute-path.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a loose config literal the tests bend into invalid shapes
type Loose = Record<string, any>;
function job(patch: (j: Loose) => void): unknown {
  const j: Loose = {
    id: 'shop',
    name: 'Shop',
    destination: { path: 'D:\\KuraBackups' },
    sources: [{ id: 'www', type: 'files', from: 'rsync://web@203.0.113.5/www/', exclude: ['cache/'] }],
    schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' },
  };
  patch(j);
  return { version: 1, jobs: [j] };
}

function problems(raw: unknown): string {
  try {
    parseConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(KuraError);
    expect((err as KuraError).code).toBe('config-invalid');
    return (err as KuraError).message;
  }
  throw new Error('the config was accepted');
}

describe('config values refused up front', () => {
  it('refuses an unknown time zone, naming the field', () => {
    expect(problems(job((j) => (j.schedule.timezone = 'Asia/Tokio')))).toMatch(/jobs\[0\]\.schedule\.timezone: expected an IANA time zone/);
    expect(problems(job((j) => (j.schedule.timezone = 'JST+9')))).toMatch(/schedule\.timezone/);
  });

  it('refuses a cron expression node-cron cannot run', () => {
    expect(problems(job((j) => (j.schedule.cron = '0 25 * * *')))).toMatch(/jobs\[0\]\.schedule\.cron: "0 25 \* \* \*" is not a valid cron expression/);
    expect(problems(job((j) => (j.schedule.cron = 'every night')))).toMatch(/schedule\.cron/);
  });

  it.each(['KuraBackups', 'backups\\shop', './backups', '~/backups', 'D:', 'D:backups', 'D:KuraBackups\\shop', '\\\\nas'])(
    'refuses the relative destination %j',
    (path) => {
      expect(problems(job((j) => (j.destination.path = path)))).toMatch(/jobs\[0\]\.destination\.path: the backup folder must be a full path/);
    },
  );

  it.each(['D:\\KuraBackups', 'e:/backups', '\\\\nas\\backup', '\\\\nas\\backup\\kura', '/mnt/backup', '/media/usb/バックアップ'])('accepts the absolute destination %j', (path) => {
    expect(() => parseConfig(job((j) => (j.destination.path = path)))).not.toThrow();
  });

  it('refuses a relative rdbPath and sshKeyPath', () => {
    expect(
      problems(job((j) => j.sources.push({ id: 'cache', type: 'redis', method: 'file', rdbPath: 'dump.rdb' }))),
    ).toMatch(/sources\[1\]\.rdbPath: the RDB file must be a full path/);
    expect(problems(job((j) => j.sources.push({ id: 'site', type: 'files', from: 'web@host:/var/www/', sshKeyPath: '.ssh\\id_ed25519' })))).toMatch(
      /sources\[1\]\.sshKeyPath: the SSH key file must be a full path/,
    );
  });

  it.each([['!'], [' ! '], [''], ['  '], ['cache/\n- secrets']])('refuses the exclude pattern %j', (pattern) => {
    expect(problems(job((j) => (j.sources[0].exclude = ['cache/', pattern])))).toMatch(/jobs\[0\]\.sources\[0\]\.exclude\[1\]/);
  });

  it('tells POSIX, drive and UNC paths from relative ones', () => {
    expect([isAbsoluteAnyOs('/x'), isAbsoluteAnyOs('C:\\x'), isAbsoluteAnyOs('C:/x'), isAbsoluteAnyOs('\\\\srv\\share')]).toEqual([true, true, true, true]);
    expect([isAbsoluteAnyOs('C:'), isAbsoluteAnyOs('C:x'), isAbsoluteAnyOs('x/y'), isAbsoluteAnyOs('\\\\srv'), isAbsoluteAnyOs('\\x')]).toEqual([false, false, false, false, false]);
  });
});
