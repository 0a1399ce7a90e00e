/**
 * The test's own back door into a shop world: a tiny relay process inside the namespace listening
 * on a Unix socket (path sockets are not network-namespaced), which connects to a port on the
 * namespace's 127.0.0.1. The harness uses it to seed and inspect MariaDB and Redis with the usual
 * clients (`reach(6379)` gives a 127.0.0.1 address on this side for as long as the world lives).
 *
 * Kura never gets these addresses: the tests hand Kura only the SSH server, and assert that the
 * database ports are not reachable from this side any other way.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from '../../electron/engine/process/run-process.js';
import type { Netns } from './netns.js';

/** First line from the client: the port; then bytes both ways. */
const RELAY_SOURCE = `
const net = require('node:net');
const srv = net.createServer((c) => {
  let head = Buffer.alloc(0);
  const onData = (d) => {
    head = Buffer.concat([head, d]);
    const nl = head.indexOf(10);
    if (nl < 0) return;
    c.removeListener('data', onData);
    c.pause();
    const port = Number(head.subarray(0, nl).toString());
    const rest = head.subarray(nl + 1);
    const up = net.connect({ host: '127.0.0.1', port }, () => {
      if (rest.length) up.write(rest);
      c.pipe(up);
      up.pipe(c);
      c.resume();
    });
    up.on('error', () => c.destroy());
    c.on('error', () => up.destroy());
    up.on('close', () => c.destroy());
    c.on('close', () => up.destroy());
  };
  c.on('data', onData);
});
srv.listen(process.argv[1], () => process.stdout.write('ready\\n'));
`;

export interface NsRelay {
  /** A 127.0.0.1 address on this side that reaches `port` on the namespace's loopback. */
  reach(port: number): Promise<{ host: string; port: number }>;
  stop(): Promise<void>;
}

export async function startNsRelay(ns: Netns, dir: string): Promise<NsRelay> {
  const socketPath = join(dir, 'relay.sock');
  const w = ns.wrap(process.execPath, ['-e', RELAY_SOURCE, socketPath]);
  const proc: RunningProcess = startProcess({ file: w.file, args: w.args }, { stdout: 'lines', onStdoutLine: () => {} });
  await waitForSocket(socketPath, proc);
  const servers = new Map<number, Server>();
  const addresses = new Map<number, { host: string; port: number }>();
  return {
    async reach(port) {
      const known = addresses.get(port);
      if (known) return known;
      const srv = createServer((local) => {
        const remote = createConnection(socketPath, () => {
          remote.write(`${port}\n`);
          local.pipe(remote);
          remote.pipe(local);
        });
        remote.on('error', () => local.destroy());
        local.on('error', () => remote.destroy());
        remote.on('close', () => local.destroy());
        local.on('close', () => remote.destroy());
      });
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve());
      });
      srv.unref();
      const addr = srv.address();
      if (typeof addr !== 'object' || addr === null) throw new Error('relay: no address');
      servers.set(port, srv);
      const a = { host: '127.0.0.1', port: addr.port };
      addresses.set(port, a);
      return a;
    },
    async stop() {
      for (const s of servers.values()) s.close();
      proc.kill('SIGKILL');
      await proc.result.catch(() => {});
    },
  };
}

async function waitForSocket(path: string, proc: RunningProcess): Promise<void> {
  let exited = false;
  void proc.result.then(() => (exited = true), () => (exited = true));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the namespace relay exited: ${(await proc.result).stderr}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection(path);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the namespace relay did not start');
}
