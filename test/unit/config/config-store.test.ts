import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, saveConfig } from '../../../electron/engine/config/config-store.js';
import { KuraError } from '../../../electron/engine/errors.js';
import { tempDir } from '../../harness/tmp.js';

const example = {
  version: 1,
  jobs: [
    {
      id: 'shop',
      name: 'My shop',
      destination: { path: 'D:\\KuraBackups' },
      sources: [
        { id: 'www', type: 'files', from: 'rsync://web@203.0.113.5/www/', passwordRef: 'shop-rsync', exclude: ['cache/'] },
        { id: 'db', type: 'mysql', host: '127.0.0.1', port: 3306, user: 'backup', passwordRef: 'shop-mysql', databases: ['shop'] },
        { id: 'cache', type: 'redis', host: '127.0.0.1', port: 6379, passwordRef: 'shop-redis' },
      ],
      schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' },
      retention: { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6 },
    },
  ],
};

describe('config.json', () => {
  let home: { path: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    home = await tempDir();
  });
  afterEach(() => home.cleanup());

  it('loads the documented example with defaults filled in', async () => {
    await writeFile(join(home.path, 'config.json'), JSON.stringify(example));
    const cfg = await loadConfig(home.path);
    expect(cfg.jobs[0]!.sources.map((s) => s.type)).toEqual(['files', 'mysql', 'redis']);
    const redis = cfg.jobs[0]!.sources[2]!;
    expect(redis.type === 'redis' && redis.method).toBe('sync');
    expect(cfg.settings.catchUpDelaySeconds).toBe(120);
  });

  it('names every bad field by its JSON path', async () => {
    const bad = structuredClone(example) as { jobs: { sources: Record<string, unknown>[]; retention: Record<string, unknown> }[] };
    bad.jobs[0]!.sources[1]!['port'] = '3306';
    bad.jobs[0]!.sources[1]!['databases'] = ['shop.x'];
    delete bad.jobs[0]!.sources[0]!['from'];
    bad.jobs[0]!.retention['keepLast'] = 0;
    await writeFile(join(home.path, 'config.json'), JSON.stringify(bad));
    const err = await loadConfig(home.path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KuraError);
    const msg = (err as KuraError).message;
    expect(msg).toContain('jobs[0].sources[1].port');
    expect(msg).toContain('jobs[0].sources[1].databases[0]: database names cannot contain');
    expect(msg).toContain('jobs[0].sources[0].from');
    expect(msg).toContain('jobs[0].retention.keepLast');
    expect((err as KuraError).code).toBe('config-invalid');
  });

  it('reports broken JSON without a stack trace', async () => {
    await writeFile(join(home.path, 'config.json'), '{"version": 1,, }');
    await expect(loadConfig(home.path)).rejects.toThrow(/not valid JSON/);
  });

  it('rejects option-like and multi-line values', async () => {
    const bad = structuredClone(example);
    (bad.jobs[0]!.sources[1] as Record<string, unknown>)['user'] = '--skip-lock-tables';
    (bad.jobs[0]!.sources[1] as Record<string, unknown>)['host'] = 'db\nhost';
    await expect(saveConfig(home.path, bad)).rejects.toThrow(/host: expected a host name[\s\S]*user: user name must not start with "-"/);
  });

  it('saves atomically and refuses invalid input without touching the file', async () => {
    await saveConfig(home.path, example);
    const before = await readFile(join(home.path, 'config.json'), 'utf8');
    await expect(saveConfig(home.path, { version: 2 })).rejects.toThrow(/version/);
    expect(await readFile(join(home.path, 'config.json'), 'utf8')).toBe(before);
    await mkdir(join(home.path, 'x'), { recursive: true });
  });

  it('treats a missing file as an empty config', async () => {
    expect((await loadConfig(home.path)).jobs).toEqual([]);
  });
});
