/**
 * The S3 target as config.json holds it (the contract entry parses; mistakes are named by
 * field), and a bucket index that someone else wrote is refused rather than followed outside the
 * snapshot.
 */
import { describe, expect, it } from 'vitest';
import { fieldProblems } from '../../../electron/shared/messages/field-problems.js';
import { jobSchema } from '../../../electron/engine/config/schema.js';
import { formatIndex, IndexFormatError, parseIndex } from '../../../electron/engine/storage/s3/s3-index.js';
import { parseS3Address, S3Layout } from '../../../electron/engine/storage/s3/s3-layout.js';
import { plannedLifetimeDays } from '../../../electron/engine/storage/open-location.js';

const base = { id: 'shop', name: 'Shop', destination: { path: '/mnt/backup' }, sources: [{ id: 'www', type: 'files', from: '/srv/www' }] };
const contract = { id: 'cloud', type: 's3', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'kura', prefix: 'shop/', pathStyle: true, accessKeyId: 'AKIAEXAMPLE', secretRef: 'shop-s3', encryption: { passphraseRef: 'shop-s3-pass' } };

describe('S3 off-site targets in config.json', () => {
  it('accepts the contract entry, AWS by region alone, and keeps rsync targets (no type) as they were', () => {
    const job = jobSchema.parse({ ...base, offsite: [contract, { id: 'aws', type: 's3', region: 'ap-northeast-1', bucket: 'shop-tokyo', accessKeyId: 'A', secretRef: 'x' }, { id: 'dc', to: 'rsync://kura@dc.example.jp/kura/' }] });
    expect(job.offsite.map((t) => t.type ?? 'rsync')).toEqual(['s3', 's3', 'rsync']);
  });

  it.each([
    [{ ...contract, bucket: 'Kura_Backups' }, 'offsite[0].bucket'],
    [{ ...contract, endpoint: 'ftp://x' }, 'offsite[0].endpoint'],
    [{ ...contract, endpoint: 'https://user:pw@s3.example.jp' }, 'offsite[0].endpoint'],
    [{ ...contract, endpoint: undefined, region: undefined }, 'offsite[0].endpoint'],
    [{ ...contract, prefix: '../other' }, 'offsite[0].prefix'],
    [{ ...contract, prefix: '/abs' }, 'offsite[0].prefix'],
    [{ ...contract, encryption: {} }, 'offsite[0].encryption'],
    [{ ...contract, objectLock: { mode: 'FOREVER' } }, 'offsite[0].objectLock.mode'],
    [{ ...contract, type: 'ftp' }, 'offsite[0].type'],
  ])('refuses %j naming %s', (target, field) => {
    const r = jobSchema.safeParse({ ...base, offsite: [target] });
    expect(r.success).toBe(false);
    expect(fieldProblems(r.error!).map((p) => p.field).join('\n')).toContain(field);
  });

  it('plans locks for the longest a snapshot can be kept', () => {
    expect(plannedLifetimeDays({ keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6 })).toBe(6 * 31 + 1);
    expect(plannedLifetimeDays({ keepLast: 3, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 })).toBe(4);
  });

  it('reads s3:// addresses and lays the job out below the prefix', () => {
    expect(parseS3Address('s3://kura/shop/')).toEqual({ bucket: 'kura', prefix: 'shop/' });
    expect(parseS3Address('s3://kura')).toEqual({ bucket: 'kura', prefix: '' });
    expect(parseS3Address('rsync://x/y')).toBeNull();
    const l = new S3Layout('kura', 'shop');
    expect(l.manifestKey('j', '2026-01-01T00-00-00Z', true)).toBe('shop/j/snapshots/2026-01-01T00-00-00Z/manifest.json.age');
    expect(l.dataObject('ab'.padEnd(64, '0'), true)).toBe(`data/ab/${'ab'.padEnd(64, '0')}.age`);
  });
});

describe('a bucket index', () => {
  const sha = 'a'.repeat(64);
  const good = { kind: 'f' as const, object: `data/aa/${sha}.age`, sha256: sha, size: 3, mtimeMs: 1, mode: 0o644, retainUntil: null, path: Buffer.from('files/www/名前 %\twith tab') };

  it('round-trips every byte of a name (tabs, "%", Japanese, not UTF-8)', () => {
    const odd = { ...good, path: Buffer.concat([Buffer.from('files/www/'), Buffer.from([0xff, 0x0a])]) };
    const back = parseIndex(formatIndex([good, odd, { kind: 'd', object: null, sha256: null, size: 0, mtimeMs: 2, mode: 0o755, retainUntil: null, path: Buffer.from('files/www') }]));
    expect(back.map((e) => e.path)).toEqual([good.path, odd.path, Buffer.from('files/www')]);
    expect(back[0]).toMatchObject({ kind: 'f', object: good.object, size: 3, mode: 0o644 });
  });

  it.each([
    ['a path outside the snapshot', (t: string) => t.replace('files/www/名前', '../../etc/x')],
    ['an absolute path', (t: string) => t.replace('files/www/名前', '/etc/x')],
    ['an object outside data/', (t: string) => t.replace(`data/aa/${sha}.age`, '../../x')],
    ['a damaged line', (t: string) => t.replace('\t3\t', '\tthree\t')],
    ['another format', (t: string) => t.replace('kura-s3-index/1', 'kura-s3-index/9')],
  ])('refuses %s', (_what, doctor) => {
    expect(() => parseIndex(Buffer.from(doctor(formatIndex([good]).toString())))).toThrow(IndexFormatError);
  });
});
