/**
 * The measured restore rate per server (restore/restore-rate.ts): what the plan's "about how long"
 * comes from. Small imports say nothing and are not recorded; a damaged file loses only the rates.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SQL_BYTES_PER_SECOND, readRestoreRate, recordRestoreRate, restoreEstimate, restoreRatesFile } from '../../../electron/engine/restore/restore-rate.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import { tempDir } from '../../harness/tmp.js';

let home: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  home = await tempDir('kura-rate-');
});
afterEach(async () => home.cleanup());

const NOW = new Date('2026-12-06T10:00:00Z');
const MB = 1000 * 1000;

describe('restore rate', () => {
  it('is recorded per server and per way of loading, and read back', async () => {
    await recordRestoreRate(home.path, 'db1:3306', 'parallel', 200 * MB, 10_000, NOW);
    await recordRestoreRate(home.path, 'db1:3306', 'serial', 100 * MB, 10_000, NOW);
    await recordRestoreRate(home.path, 'db2:3306', 'serial', 30 * MB, 10_000, NOW);
    expect(await readRestoreRate(home.path, 'db1:3306', 'parallel')).toEqual({ sqlBytesPerSecond: 20 * MB, measuredAt: NOW.toISOString() });
    expect((await readRestoreRate(home.path, 'db1:3306', 'serial'))?.sqlBytesPerSecond).toBe(10 * MB);
    expect((await readRestoreRate(home.path, 'db2:3306', 'serial'))?.sqlBytesPerSecond).toBe(3 * MB);
    expect(await readRestoreRate(home.path, 'db2:3306', 'parallel')).toBeNull();
    // The newest measurement wins.
    await recordRestoreRate(home.path, 'db1:3306', 'parallel', 50 * MB, 10_000, NOW);
    expect((await readRestoreRate(home.path, 'db1:3306', 'parallel'))?.sqlBytesPerSecond).toBe(5 * MB);
  });

  it('ignores imports too small to measure anything, and a damaged file', async () => {
    await recordRestoreRate(home.path, 'db:3306', 'serial', 1000, 5, NOW);
    expect(await readRestoreRate(home.path, 'db:3306', 'serial')).toBeNull();
    await mkdir(dirname(restoreRatesFile(home.path)), { recursive: true });
    await writeFile(restoreRatesFile(home.path), '{"version":1,"servers":{"db:3306":{"serial":{"sqlBytesPerSecond":"fast"}}}');
    expect(await readRestoreRate(home.path, 'db:3306', 'serial')).toBeNull();
    await writeFile(restoreRatesFile(home.path), 'not json');
    expect(await readRestoreRate(home.path, 'db:3306', 'serial')).toBeNull();
    await recordRestoreRate(home.path, 'db:3306', 'serial', 10 * MB, 1000, NOW);
    expect((await readRestoreRate(home.path, 'db:3306', 'serial'))?.sqlBytesPerSecond).toBe(10 * MB);
  });

  it('says about how long, from the measured rate or the cautious default, in both languages', () => {
    const measured = restoreEstimate(120 * 10 * MB, { sqlBytesPerSecond: 10 * MB, measuredAt: NOW.toISOString() }, '`db`');
    expect(measured).toMatchObject({ code: 'mysql-plan-estimate-measured', params: { took: 120_000 } });
    const guessed = restoreEstimate(DEFAULT_SQL_BYTES_PER_SECOND * 30, null, '`db`');
    expect(guessed).toMatchObject({ code: 'mysql-plan-estimate-default', params: { took: 30_000 } });
    expect(restoreEstimate(10, null, '`db`').params).toMatchObject({ took: 1000 });
    for (const m of [measured, guessed]) {
      expect(renderLoose('en', m.code, m.params).message).toContain('`db` is not usable by the shop meanwhile');
      expect(renderLoose('ja', m.code, m.params).message).not.toMatch(/[a-z]{4,}/);
    }
  });
});
