/**
 * HeapBound (util/heap-bound.ts): a loop that makes garbage faster than V8 collects it asks for a
 * collection once the heap in use passes its limit — and never below it (a collection costs time).
 */
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { HeapBound } from '../../../electron/engine/util/heap-bound.js';

const usedMb = () => getHeapStatistics().used_heap_size / 1048576;

describe('HeapBound', () => {
  it('collects when the heap in use is over the limit, and the dead objects go', () => {
    let junk: Array<{ n: number; s: string }> | null = [];
    for (let i = 0; i < 600_000; i++) junk.push({ n: i, s: `object ${i}` });
    const holding = usedMb();
    junk = null;
    const bound = new HeapBound(Math.max(1, Math.floor(holding / 4)), 1);
    bound.step();
    expect(bound.collections).toBe(1);
    expect(usedMb()).toBeLessThan(holding / 2);
  });

  it('does nothing under the limit, and looks only every `every` steps', () => {
    const high = new HeapBound(64 * 1024);
    for (let i = 0; i < 1000; i++) high.step();
    expect(high.collections).toBe(0);
    const sparse = new HeapBound(0, 100);
    for (let i = 0; i < 99; i++) sparse.step();
    expect(sparse.collections).toBe(0);
    sparse.step();
    expect(sparse.collections).toBe(1);
  });
});
