/**
 * A small RESP2 client over node:net: connect (with a timeout), log in, send commands one at a time
 * or pipelined, close. Replies come back as typed `RespValue`s in the order the commands were sent.
 *
 * Why not a library: see resp-parser.ts. Beyond the usual, this client can hand its socket over
 * (`detach`) once the replication handshake is done, because after SYNC the server stops speaking
 * RESP and streams the raw RDB file.
 *
 * Failures are KuraErrors: socket problems are `network` (retried by the scheduler), a wrong
 * password is `auth`, a forbidden or missing command is `config` with a hint (redis-errors.ts).
 */
import { connect, type Socket } from 'node:net';
import { KuraError } from '../../errors.js';
import type { Logger } from '../../progress.js';
import { redisNetworkError, redisProtocolError, redisReplyError } from './redis-errors.js';
import { describeTarget, socketHost, type RedisTarget } from './redis-target.js';
import { encodeCommand, RespParser, RespProtocolError, type RespArg, type RespValue } from './resp-parser.js';

export interface RespClientOptions {
  /** Connecting (TCP + login) must finish within this long. Default 10 s. */
  connectTimeoutMs?: number;
  /** While replies are awaited, the server must send something at least this often. Default 60 s. */
  replyTimeoutMs?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

interface Pending {
  command: string;
  resolve: (v: RespValue) => void;
  reject: (e: KuraError) => void;
}

const DEFAULT_CONNECT_TIMEOUT = 10_000;
const DEFAULT_REPLY_TIMEOUT = 60_000;

function cancelledError(): KuraError {
  return new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
}

function timeoutError(): NodeJS.ErrnoException {
  return Object.assign(new Error('timed out'), { code: 'KURA_TIMEOUT' });
}

export class RespClient {
  private readonly parser = new RespParser();
  private readonly pending: Pending[] = [];
  private failure: KuraError | null = null;
  private replyTimer: NodeJS.Timeout | null = null;
  private detached = false;
  /** Whether the server has sent a single byte: silence from the start is a hung server, not a slow reply. */
  private answered = false;
  private readonly onAbort = (): void => this.fail(cancelledError());

  private constructor(
    private readonly socket: Socket,
    readonly target: RedisTarget,
    private readonly options: RespClientOptions,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(redisNetworkError(err, target, this.pending[0]?.command ?? 'idle')));
    socket.on('close', () =>
      this.fail(redisNetworkError(Object.assign(new Error('connection closed by the server'), { code: 'ECONNRESET' }), target, this.pending[0]?.command ?? 'idle')),
    );
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Opens the TCP connection only (no login): see `connectRedis` for the usual entry point.
   */
  static open(target: RedisTarget, options: RespClientOptions = {}): Promise<RespClient> {
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT;
    return new Promise((resolve, reject) => {
      const socket = connect({ host: socketHost(target.host), port: target.port });
      let settled = false;
      const finish = (err: KuraError | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        socket.removeListener('error', onError);
        if (err) {
          socket.destroy();
          reject(err);
        } else {
          socket.setNoDelay(true);
          socket.setKeepAlive(true, 30_000);
          resolve(new RespClient(socket, target, options));
        }
      };
      const onError = (err: Error): void => finish(redisNetworkError(err, target, 'connecting'));
      const onAbort = (): void => finish(cancelledError());
      const timer = setTimeout(() => finish(redisNetworkError(timeoutError(), target, 'connecting')), timeoutMs);
      socket.once('error', onError);
      socket.once('connect', () => finish(null));
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Sends one command; resolves with its reply (error replies included, as `kind: 'error'`). */
  command(...args: RespArg[]): Promise<RespValue> {
    return this.pipeline([args]).then((r) => r[0]!);
  }

  /**
   * Like `command`, but an error reply becomes a KuraError (mapped: auth, permission, unknown command…).
   */
  async call(...args: RespArg[]): Promise<RespValue> {
    const reply = await this.command(...args);
    if (reply.kind === 'error') throw redisReplyError(reply.message, String(args[0]), this.target);
    return reply;
  }

  /**
   * Sends many commands in one write and resolves with their replies in order. The server processes
   * them back to back, so N commands cost one round trip instead of N (RESTORE batches, bulk loads).
   */
  pipeline(commands: readonly (readonly RespArg[])[]): Promise<RespValue[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.detached) return Promise.reject(new Error('RespClient: the socket was handed over (detach)'));
    if (commands.length === 0) return Promise.resolve([]);
    const promises = commands.map(
      (args) =>
        new Promise<RespValue>((resolve, reject) => {
          this.pending.push({ command: String(args[0]).toLowerCase(), resolve, reject });
        }),
    );
    this.socket.write(commands.length === 1 ? encodeCommand(commands[0]!) : Buffer.concat(commands.map(encodeCommand)));
    this.armReplyTimer();
    return Promise.all(promises);
  }

  /**
   * Hands the socket over, with whatever the server sent beyond the last reply. The client is
   * unusable afterwards. Used after PSYNC/SYNC, when the server switches to streaming the RDB.
   */
  detach(): { socket: Socket; buffered: Buffer } {
    if (this.pending.length > 0) throw new Error('RespClient.detach: replies are still pending');
    if (this.failure) throw this.failure;
    this.detached = true;
    this.clearReplyTimer();
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('error');
    this.socket.removeAllListeners('close');
    this.options.signal?.removeEventListener('abort', this.onAbort);
    return { socket: this.socket, buffered: this.parser.takeRemaining() };
  }

  /** Closes the connection (no QUIT round trip: nothing is left to say). Safe to call twice. */
  async close(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.clearReplyTimer();
    if (this.detached) return;
    if (!this.failure) this.fail(new KuraError({ code: 'redis-client-closed', params: {}, category: 'internal' }));
    if (this.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }

  private onData(chunk: Buffer): void {
    this.answered = true;
    this.parser.push(chunk);
    try {
      for (;;) {
        const reply = this.parser.next();
        if (reply === undefined) break;
        const waiter = this.pending.shift();
        if (!waiter) {
          this.options.logger?.log('debug', 'redis: ignoring an unsolicited reply');
          continue;
        }
        waiter.resolve(reply);
      }
    } catch (err) {
      const what = err instanceof RespProtocolError ? err.message : String(err);
      this.fail(redisProtocolError(what, this.target));
      return;
    }
    if (this.pending.length > 0) this.armReplyTimer();
    else this.clearReplyTimer();
  }

  private armReplyTimer(): void {
    this.clearReplyTimer();
    const ms = this.options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT;
    this.replyTimer = setTimeout(() => {
      if (!this.answered) {
        this.fail(new KuraError({ code: 'server-no-answer', params: { what: 'Redis', where: describeTarget(this.target), seconds: Math.max(1, Math.round(ms / 1000)) }, category: 'network' }));
        return;
      }
      this.fail(redisNetworkError(timeoutError(), this.target, `waiting for the reply to ${this.pending[0]?.command ?? 'a command'}`));
    }, ms);
  }

  private clearReplyTimer(): void {
    if (this.replyTimer) clearTimeout(this.replyTimer);
    this.replyTimer = null;
  }

  private fail(err: KuraError): void {
    if (this.detached) return;
    if (!this.failure) this.failure = err;
    this.clearReplyTimer();
    for (const p of this.pending.splice(0)) p.reject(this.failure);
    if (!this.socket.destroyed) this.socket.destroy();
  }
}

/**
 * Connects and logs in: `AUTH password` for the default user, `AUTH username password` for an ACL
 * user (Redis 6+). The password goes over the socket only — never into argv, a file or a log. A PING
 * follows so that "a password is required" surfaces here, not halfway through the backup.
 */
export async function connectRedis(target: RedisTarget, options: RespClientOptions = {}): Promise<RespClient> {
  const client = await RespClient.open(target, options);
  try {
    if (target.password !== null || target.username !== null) {
      const args = target.username !== null ? ['AUTH', target.username, target.password ?? ''] : ['AUTH', target.password ?? ''];
      await client.call(...args);
    }
    const pong = await client.command('PING');
    if (pong.kind === 'error' && /^(NOAUTH|DENIED|LOADING)/i.test(pong.message)) {
      throw redisReplyError(pong.message, 'ping', target);
    }
    return client;
  } catch (err) {
    await client.close();
    throw err;
  }
}
