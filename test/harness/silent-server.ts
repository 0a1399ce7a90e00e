/**
 * A hung server: a real listening socket on loopback that accepts every connection and never writes
 * a byte (a hung MySQL, or another program on the port). The connection tests must end on their own
 * bound with "accepted the connection but did not answer" instead of waiting for minutes.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface SilentServer {
  port: number;
  /** How many connections it has accepted so far (a test that never connected proves nothing). */
  accepted(): number;
  close(): Promise<void>;
}

export async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((c) => {
    accepted += 1;
    sockets.add(c);
    c.on('error', () => {});
    c.on('close', () => sockets.delete(c));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    accepted: () => accepted,
    close: async () => {
      for (const c of sockets) c.destroy();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

export interface FreezingProxy {
  port: number;
  /** From now on the "server" goes silent: new connections are taken and never answered, open ones stall. */
  freeze(): void;
  /** Connections taken since freeze(). */
  frozenAccepted(): number;
  /** Stops taking connections (new ones are refused); the open ones stay as they are. */
  refuse(): void;
  /**
   * The next connection is cut mid-answer: once the server has sent it more than `bytes`, everything
   * freezes and new connections are refused (a server gone out of reach in the middle of a dump).
   */
  cutNextAfter(bytes: number): void;
  close(): Promise<void>;
}

/**
 * A real server that hangs at a chosen moment: connections to `port` reach 127.0.0.1:`to` until
 * freeze(), after which it behaves like silentServer() — a MySQL that answered the backup's first
 * questions and then stopped answering (the dump's own connection never gets its greeting).
 */
export async function freezingProxy(to: number): Promise<FreezingProxy> {
  const sockets = new Set<Socket>();
  let frozen = false;
  let frozenAccepted = 0;
  let cutAfter: number | null = null;
  const server: Server = createServer((c) => {
    sockets.add(c);
    c.on('error', () => {});
    c.on('close', () => sockets.delete(c));
    if (frozen) {
      frozenAccepted += 1;
      return;
    }
    const watchBytes = cutAfter;
    cutAfter = null;
    let received = 0;
    const up = connect(to, '127.0.0.1');
    sockets.add(up);
    up.on('error', () => c.destroy());
    up.on('close', () => sockets.delete(up));
    c.on('data', (d: Buffer) => {
      if (!frozen) up.write(d);
    });
    up.on('data', (d: Buffer) => {
      received += d.length;
      if (watchBytes !== null && received > watchBytes && !frozen) {
        frozen = true;
        server.close();
      }
      if (!frozen) c.write(d);
    });
    c.on('end', () => up.end());
    up.on('end', () => c.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => {
      frozen = true;
    },
    frozenAccepted: () => frozenAccepted,
    refuse: () => {
      server.close();
    },
    cutNextAfter: (bytes) => {
      cutAfter = bytes;
    },
    close: async () => {
      for (const c of sockets) c.destroy();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
