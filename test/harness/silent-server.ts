/**
 * A hung server: a real listening socket on loopback that accepts every connection and never writes
 * a byte (a hung MySQL, or another program on the port). The connection tests must end on their own
 * bound with "accepted the connection but did not answer" instead of waiting for minutes.
 */
import { createServer, type Server, type Socket } from 'node:net';

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
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
