/**
 * A TCP delay line: a local port whose connections reach `to` with every chunk held `delayMs` in
 * each direction, in order — the internet's round trip for the shop world's benchmark where the
 * kernel has no `sch_netem` (this machine's Firecracker kernel has `tbf` for the rate but no qdisc
 * that delays). What it models: each request/answer turn of SSH, rsync and the MySQL/Redis protocols
 * waits one round trip, as on a real link. What it does not: TCP's own window growth over a long
 * round trip (each side's TCP sees a short loopback one), which at 20 ms and Linux's window scaling
 * costs little; the benchmark says which way the delay was made.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface DelayLine {
  /** The local port (on 127.0.0.1) to connect to instead of `to`. */
  port: number;
  stop(): Promise<void>;
}

/** Bytes held in one direction before its reading side pauses (memory bound; ≫ 100 Mbit/s × 10 ms). */
const MAX_HELD = 8 * 1024 * 1024;

/** Forwards `from` → `to`, each chunk released `delayMs` after it arrived. */
function delayedPipe(from: Socket, to: Socket, delayMs: number): void {
  const queue: { at: number; data: Buffer }[] = [];
  let held = 0;
  let timer: NodeJS.Timeout | null = null;
  let ended = false;
  const flush = () => {
    timer = null;
    const now = performance.now();
    while (queue.length && queue[0]!.at <= now) {
      const { data } = queue.shift()!;
      held -= data.length;
      to.write(data);
    }
    if (held < MAX_HELD / 2 && from.isPaused()) from.resume();
    if (queue.length) timer = setTimeout(flush, Math.max(0, queue[0]!.at - now));
    else if (ended) to.end();
  };
  from.on('data', (data: Buffer) => {
    queue.push({ at: performance.now() + delayMs, data });
    held += data.length;
    if (held > MAX_HELD) from.pause();
    timer ??= setTimeout(flush, delayMs);
  });
  from.on('end', () => {
    ended = true;
    if (!queue.length && !timer) to.end();
  });
}

export async function startDelayLine(to: { host: string; port: number }, delayMs: number): Promise<DelayLine> {
  const sockets = new Set<Socket>();
  // Half-open on both sides: an end is passed on only after the data held before it.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ ...to, allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      // Either side failing ends both, as a broken link would.
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    delayedPipe(client, upstream, delayMs);
    delayedPipe(upstream, client, delayMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the delay line has no port');
  return {
    port: address.port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
