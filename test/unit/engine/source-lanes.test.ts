/**
 * Which sources of a run go side by side: only databases reached through the job's SSH connection,
 * two at a time; everything else one after another in the job's order. A fatal failure in one of two
 * running side by side stops the other (and waits for it) before the run ends.
 */
import { describe, expect, it } from 'vitest';
import type { Source } from '../../../electron/engine/config/schema.js';
import type { ProgressEvent } from '../../../electron/engine/progress.js';
import { besideProgress, runSourcesInLanes, runsBeside } from '../../../electron/engine/jobs/source-lanes.js';

const files = (id: string, via?: 'ssh') => ({ id, type: 'files', from: '/var/www/', ...(via ? { via } : {}) }) as unknown as Source;
const mysql = (id: string, via?: 'ssh') => ({ id, type: 'mysql', host: '127.0.0.1', port: 3306, ...(via ? { via } : {}) }) as unknown as Source;
const redis = (id: string, via?: 'ssh') => ({ id, type: 'redis', host: '127.0.0.1', port: 6379, ...(via ? { via } : {}) }) as unknown as Source;
const tick = () => new Promise((r) => setTimeout(r, 5));

/** Runs the sources with tasks that log start/end and take `ms[id]` (default 20 ms). */
async function trace(sources: Source[], fail?: { id: string; err: Error }) {
  const events: string[] = [];
  let aborted: unknown = null;
  const ctrl = new AbortController();
  const result = runSourcesInLanes(
    sources,
    async (s) => {
      events.push(`start ${s.id}`);
      for (let i = 0; i < 4; i++) {
        await tick();
        if (fail?.id === s.id && i === 1) {
          events.push(`fail ${s.id}`);
          throw fail.err;
        }
        if (ctrl.signal.aborted) {
          events.push(`stopped ${s.id}`);
          return `stopped ${s.id}`;
        }
      }
      events.push(`end ${s.id}`);
      return `done ${s.id}`;
    },
    (err) => {
      aborted = err;
      ctrl.abort(err);
    },
  );
  return { result, events, aborted: () => aborted };
}

describe('source lanes', () => {
  it('only SSH databases go beside another', () => {
    expect([files('a'), files('b', 'ssh'), mysql('c'), redis('d'), mysql('e', 'ssh'), redis('f', 'ssh')].map(runsBeside)).toEqual([false, false, false, false, true, true]);
  });

  it('direct sources (a LAN, this machine) still run one after another, in order', async () => {
    const t = await trace([files('www'), mysql('db'), redis('cache')]);
    expect(await t.result).toEqual(['done www', 'done db', 'done cache']);
    expect(t.events).toEqual(['start www', 'end www', 'start db', 'end db', 'start cache', 'end cache']);
  });

  it('the SSH databases run two at a time, the files alone; results in the job’s order', async () => {
    const t = await trace([mysql('db', 'ssh'), files('www', 'ssh'), redis('cache', 'ssh'), mysql('db2', 'ssh')]);
    expect(await t.result).toEqual(['done db', 'done www', 'done cache', 'done db2']);
    // db and cache together; db2 takes the first free lane; www after them, alone.
    expect(t.events.slice(0, 2).sort()).toEqual(['start cache', 'start db']);
    expect(t.events.indexOf('start db2')).toBeGreaterThan(Math.min(t.events.indexOf('end db'), t.events.indexOf('end cache')));
    expect(t.events.indexOf('start www')).toBeGreaterThan(t.events.indexOf('end db2'));
    expect(t.events.filter((e) => e.startsWith('start')).length).toBe(4);
  });

  it('a fatal failure stops the one beside it, waits for it, then is thrown; nothing after starts', async () => {
    const boom = new Error('disk full');
    const t = await trace([mysql('db', 'ssh'), redis('cache', 'ssh'), files('www')], { id: 'db', err: boom });
    await expect(t.result).rejects.toBe(boom);
    expect(t.aborted()).toBe(boom);
    expect(t.events).toContain('stopped cache');
    expect(t.events).not.toContain('start www');
    expect(t.events.indexOf('stopped cache')).toBeGreaterThan(t.events.indexOf('fail db'));
  });

  it('the bytes of sources side by side add up; the total is known once each one knows its own', () => {
    const seen: ProgressEvent[] = [];
    const of = besideProgress((e) => seen.push(e));
    of('db')({ kind: 'bytes', sourceId: 'db', bytes: 100, totalBytes: null });
    of('cache')({ kind: 'bytes', sourceId: 'cache', bytes: 50, totalBytes: 500 });
    of('db')({ kind: 'bytes', sourceId: 'db', bytes: 300, totalBytes: 1000 });
    of('cache')({ kind: 'step', sourceId: 'cache', step: 'x', message: { code: 'c', params: {} } as never });
    expect(seen.map((e) => (e.kind === 'bytes' ? [e.bytes, e.totalBytes] : e.kind))).toEqual([
      [100, null],
      [150, null],
      [350, 1500],
      'step',
    ]);
  });
});
