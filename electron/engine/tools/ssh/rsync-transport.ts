/**
 * rsync needs an "ssh" program to run (`-e`); Kura gives it a tiny proxy instead, so that the files
 * travel over Kura's own SSH connection — the same one MySQL and Redis use — and no credential
 * ever reaches another process.
 *
 * rsync starts `<node> kura-ssh-proxy.cjs <socket> [-l user] host rsync --server …`. The proxy
 * connects to `<socket>`, a Unix socket in a fresh 0700 folder (a random named pipe on Windows)
 * that accepts exactly one connection and then stops listening, and sends the argv as its first
 * line. Kura runs the command in an exec channel of the SSH connection and frames the channel's
 * output back: [type 1 = stdout, 2 = stderr, 3 = exit status][length u32][bytes]. The proxy
 * writes stdout and stderr as its own and exits with the remote exit status, like ssh would.
 * Nothing secret is in the proxy's argv, environment or folder: it only holds a socket path.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientChannel } from './ssh2-lib.js';
import type { Logger } from '../../progress.js';

/** The program that runs the proxy script: Node, or Electron's own binary as Node. */
export interface ProxyProgram {
  file: string;
  env: Record<string, string>;
}

export function defaultProxyProgram(): ProxyProgram {
  return { file: process.execPath, env: process.versions['electron'] ? { ELECTRON_RUN_AS_NODE: '1' } : {} };
}

export interface RsyncTransport {
  /** The remote-shell program and its arguments (rsync appends the host and command). */
  program: string;
  args: string[];
  /** Environment the program needs (never a secret). */
  env: Record<string, string>;
  close(): Promise<void>;
}

const MAX_HEADER = 64 * 1024;

export const PROXY_SOURCE = `'use strict';
// Kura's stand-in for ssh under rsync: see rsync-transport.ts in Kura's sources.
const net = require('node:net');
const sock = process.argv[2];
const argv = process.argv.slice(3);
let exitCode = 255;
let buf = Buffer.alloc(0);
const c = net.connect(sock, () => {
  c.write(JSON.stringify({ argv }) + '\\n');
  process.stdin.pipe(c);
});
process.stdin.on('error', () => {});
c.on('data', (d) => {
  buf = buf.length ? Buffer.concat([buf, d]) : d;
  while (buf.length >= 5) {
    const len = buf.readUInt32BE(1);
    if (buf.length < 5 + len) break;
    const type = buf[0];
    const payload = buf.subarray(5, 5 + len);
    buf = buf.subarray(5 + len);
    if (type === 1) {
      if (!process.stdout.write(payload)) {
        c.pause();
        process.stdout.once('drain', () => c.resume());
      }
    } else if (type === 2) process.stderr.write(payload);
    else if (type === 3) exitCode = payload.readInt32BE(0);
  }
});
c.on('error', (e) => process.stderr.write('kura-ssh: ' + e.message + '\\n'));
c.on('close', () => process.stdout.write('', () => process.exit(exitCode)));
`;

export interface TransportDeps {
  exec(command: string): Promise<ClientChannel>;
  proxyProgram?: ProxyProgram;
  logger?: Logger;
  /** Why the SSH connection is gone, if it is (told to rsync on stderr). */
  lostReason(): string | null;
}

export async function startRsyncTransport(deps: TransportDeps): Promise<RsyncTransport> {
  const dir = await mkdtemp(join(tmpdir(), 'kura-ssh-'));
  const script = join(dir, 'kura-ssh-proxy.cjs');
  await writeFile(script, PROXY_SOURCE, { mode: 0o600 });
  const socketPath = process.platform === 'win32' ? `\\\\.\\pipe\\kura-ssh-${randomBytes(16).toString('hex')}` : join(dir, 'rsync.sock');
  const channels = new Set<ClientChannel>();
  const sockets = new Set<Socket>();
  let accepted = false;
  const server: Server = createServer({ allowHalfOpen: true }, (sock) => {
    // One rsync, one connection: anything after the first is refused.
    if (accepted) return void sock.destroy();
    accepted = true;
    server.close();
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    serve(sock, deps, channels);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  const program = deps.proxyProgram ?? defaultProxyProgram();
  return {
    program: program.file,
    args: [script, socketPath],
    env: program.env,
    close: async () => {
      for (const ch of channels) ch.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function frame(type: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

function exitFrame(code: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(code, 0);
  return frame(3, b);
}

/** rsync calls its shell as `[-l user] host command…`; OpenSSH joins the command words with spaces. */
export function remoteCommandOf(argv: readonly string[]): string | null {
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) i += argv[i] === '-l' || argv[i] === '-p' ? 2 : 1;
  const words = argv.slice(i + 1);
  return words.length === 0 ? null : words.join(' ');
}

function serve(sock: Socket, deps: TransportDeps, channels: Set<ClientChannel>): void {
  let head = Buffer.alloc(0);
  sock.on('error', () => {});
  const fail = (message: string) => {
    sock.write(frame(2, Buffer.from(`kura-ssh: ${message}\n`)));
    sock.end(exitFrame(255));
  };
  const onData = (d: Buffer) => {
    head = Buffer.concat([head, d]);
    const nl = head.indexOf(10);
    if (nl < 0) {
      if (head.length > MAX_HEADER) {
        sock.removeListener('data', onData);
        fail('the request was too long');
      }
      return;
    }
    sock.removeListener('data', onData);
    sock.pause();
    const rest = head.subarray(nl + 1);
    let command: string | null = null;
    try {
      const parsed = JSON.parse(head.subarray(0, nl).toString('utf8')) as { argv?: unknown };
      if (Array.isArray(parsed.argv) && parsed.argv.every((a) => typeof a === 'string')) command = remoteCommandOf(parsed.argv as string[]);
    } catch {
      /* below */
    }
    if (command === null) return fail('rsync gave no command to run');
    const lost = deps.lostReason();
    if (lost) return fail(lost);
    deps.logger?.log('debug', `SSH: exec ${command}`);
    deps.exec(command).then(
      (ch) => {
        channels.add(ch);
        let status = 255;
        ch.on('exit', (code: number | null) => {
          if (typeof code === 'number') status = code;
        });
        const forward = (type: number) => (d: Buffer) => {
          if (!sock.write(frame(type, d))) {
            ch.pause();
            sock.once('drain', () => ch.resume());
          }
        };
        ch.on('data', forward(1));
        ch.stderr.on('data', forward(2));
        ch.on('close', () => {
          channels.delete(ch);
          const why = deps.lostReason();
          if (why) sock.write(frame(2, Buffer.from(`kura-ssh: ${why}\n`)));
          sock.end(exitFrame(status));
        });
        ch.on('error', () => {});
        if (rest.length) ch.write(rest);
        sock.on('data', (d: Buffer) => {
          if (!ch.write(d)) {
            sock.pause();
            ch.once('drain', () => sock.resume());
          }
        });
        sock.on('end', () => ch.end());
        sock.on('close', () => ch.destroy());
        sock.resume();
      },
      (err: unknown) => fail(`the server would not run rsync: ${(err as Error).message}`),
    );
  };
  sock.on('data', onData);
}
