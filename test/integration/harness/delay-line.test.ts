/**
 * The benchmark's delay line (test/harness/delay-line.ts): every byte arrives, in order, both ways,
 * and a request/answer turn takes at least the round trip it claims to add.
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDelayLine, type DelayLine } from '../../harness/delay-line.js';

let server: Server | null = null;
let line: DelayLine | null = null;
afterEach(async () => {
  await line?.stop();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = line = null;
});

/** An echo server that answers each byte back, and its port. */
async function echo(): Promise<number> {
  server = createServer({ allowHalfOpen: true }, (s) => s.pipe(s));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

describe('delay line', () => {
  it('adds the round trip to each request/answer turn', async () => {
    line = await startDelayLine({ host: '127.0.0.1', port: await echo() }, 40);
    const s = connect({ host: '127.0.0.1', port: line.port });
    await new Promise((r) => s.once('connect', r));
    const turns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      s.write('x');
      await new Promise((r) => s.once('data', r));
      turns.push(performance.now() - t);
    }
    s.destroy();
    // 40 ms each way: each turn at least 80 ms (timers never fire early), and not wildly more.
    for (const t of turns) expect(t).toBeGreaterThanOrEqual(79);
    expect(Math.min(...turns)).toBeLessThan(1000);
  });

  it('carries 20 MB each way whole and in order, and passes on the end after the data', async () => {
    line = await startDelayLine({ host: '127.0.0.1', port: await echo() }, 5);
    const data = randomBytes(20 * 1024 * 1024);
    const s = connect({ host: '127.0.0.1', port: line.port, allowHalfOpen: true });
    const back = createHash('sha256');
    let n = 0;
    s.on('data', (d: Buffer) => {
      back.update(d);
      n += d.length;
    });
    const ended = new Promise((r) => s.once('end', r));
    s.end(data);
    await ended;
    expect(n).toBe(data.length);
    expect(back.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
