/**
 * One SSH connection to the shop's server, made by Kura itself with the `ssh2` library (see the
 * README's "How Kura talks SSH" for why not the OpenSSH program), shared by every source of a run:
 *   - `forward(host, port)`: a local port on 127.0.0.1, open only for the run, whose connections
 *     arrive at host:port *as the server sees it* (MySQL and Redis on the server's own 127.0.0.1);
 *   - `rsyncTransport()`: the program rsync runs as its "ssh" (`-e`), which carries rsync's
 *     stdin/stdout over a private local socket into an exec channel of this same connection.
 *
 * Secrets stay in this process: the key's passphrase or the password go only into the ssh2 client
 * (no argv, no environment, no askpass helper, no file). The server's key must match the one the
 * admin confirmed (known-hosts.ts) before anything else happens: an unknown or changed key stops
 * the connection during the handshake, before any credential is sent.
 */
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createServer, type Server, type Socket } from 'node:net';
import { Client, utils as sshUtils, type ClientChannel, type ConnectConfig } from './ssh2-lib.js';
import { KuraError, messageOf, throwIfCancelled } from '../../errors.js';
import { sayTo, type Logger } from '../../progress.js';
import { msg, nestedMessage } from '../../../shared/messages/index.js';
import { fingerprintOf, keyTypeOf, pinnedKeys, type HostKey } from './known-hosts.js';
import { sshError, type SshEndpoint, type SshFailure } from './ssh-errors.js';
import { isTruncatedEd25519KeyFile } from './key-pair.js';
import { startRsyncTransport, type ProxyProgram, type RsyncTransport } from './rsync-transport.js';

export interface SshLogin extends SshEndpoint {
  keyPath?: string;
  /** The key's passphrase (from the keychain), null when it has none. */
  passphrase?: string | null;
  password?: string | null;
}

export interface SshConnectOptions {
  /** $KURA_HOME, where the known-hosts file is. */
  home: string;
  /** Named in the "confirm the key" hint (`kura ssh-trust <jobId>`). */
  jobId?: string | null;
  signal?: AbortSignal;
  logger?: Logger;
  /** TCP connect + SSH handshake + login must finish within this long. Default 30 s. */
  connectTimeoutMs?: number;
  /** Keep-alives every this long; the connection counts as lost after `keepaliveCountMax` unanswered. Default 15 s × 4. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** How rsync's `-e` program is started (default: this Node/Electron binary). */
  proxyProgram?: ProxyProgram;
  /**
   * Ask for zlib on the connection (default true). The server compresses what it sends — the dump's
   * SQL text shrinks several times, which on a 100 Mbit/s line is most of the night's time — and
   * Kura inflates it with Node's zlib. A server that refuses compression is used without it.
   */
  compression?: boolean;
}

export interface SshForward {
  host: '127.0.0.1';
  port: number;
  /** What was forwarded, for messages: "127.0.0.1:3306". */
  target: string;
  close(): Promise<void>;
}

const RSA_ALGORITHMS = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
/** A forward's first channel must open within this long (a firewalled database host never answers). */
const FORWARD_OPEN_TIMEOUT_MS = 20_000;
/** A night's login may wait on a busy server this long; the wizard's tests pass a shorter bound. */
const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

export class SshConnection {
  private failureValue: KuraError | null = null;
  private closing = false;
  private readonly forwards = new Set<{ server: Server; sockets: Set<Socket> }>();
  private readonly transports = new Set<RsyncTransport>();
  private readonly onAbort = (): void => void this.close();

  private constructor(
    private readonly client: Client,
    readonly login: SshEndpoint,
    /** The server key this connection was made with. */
    readonly hostKey: HostKey,
    private readonly options: SshConnectOptions,
  ) {
    const lost = (reason: string) => {
      if (this.closing || this.failureValue) return;
      this.failureValue = sshError({ kind: 'connection-lost', at: this.login, reason });
      sayTo(options.logger, 'warn', messageOf(this.failureValue));
      this.shutdownLocal();
    };
    client.on('error', (err: Error & { level?: string }) => lost(err.message === 'Keepalive timeout' ? 'ssh-keepalive-timeout' : err.message));
    client.on('close', () => lost('ssh-closed-by-server'));
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Connects, checks the server's key against the confirmed one, and logs in. */
  static async open(login: SshLogin, options: SshConnectOptions): Promise<SshConnection> {
    throwIfCancelled(options.signal);
    const at: SshEndpoint = { host: login.host, port: login.port, user: login.user };
    const auth = await credentials(login, at);
    const pins = await pinnedKeys(options.home, login.host, login.port);
    const jobId = options.jobId ?? null;
    let verdict: SshFailure | null = null;
    let seen: HostKey | null = null;
    const config: ConnectConfig = {
      host: login.host,
      port: login.port,
      username: login.user,
      readyTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: options.keepaliveCountMax ?? 4,
      ...auth,
      hostVerifier: (blob: Buffer) => {
        seen = { type: keyTypeOf(blob), blob: Buffer.from(blob) };
        const fingerprint = fingerprintOf(blob);
        if (pins.length === 0) verdict = { kind: 'host-key-unknown', at, fingerprint, jobId };
        else if (!pins.some((p) => p.blob.equals(blob))) verdict = { kind: 'host-key-changed', at, fingerprint, pinned: pins.map((p) => fingerprintOf(p.blob)), jobId };
        return verdict === null;
      },
    };
    // Ask for the confirmed key's type, so a server with several keys shows the one that was confirmed.
    const algorithms: NonNullable<ConnectConfig['algorithms']> = {
      compress: (options.compression === false ? ['none'] : ['zlib@openssh.com', 'zlib', 'none']) as never,
    };
    if (pins.length > 0) algorithms.serverHostKey = pins.flatMap((p) => (p.type === 'ssh-rsa' ? RSA_ALGORITHMS : [p.type])) as never;
    config.algorithms = algorithms;
    const client = new Client();
    let compression = 'none';
    client.once('handshake', (n: { sc?: { compress?: string } }) => (compression = n.sc?.compress ?? 'none'));
    try {
      await connect(client, config, options.signal, auth.password === undefined ? 'key' : 'password');
    } catch (err) {
      client.end();
      if (verdict) throw sshError(verdict);
      const failure = classifyConnectError(err, at, login.keyPath, options.connectTimeoutMs);
      // The confirmed key's type is gone from the server: look at what it shows now.
      if (failure.kind === 'handshake-failed' && pins.length > 0) {
        const now = await probeHostKey(login.host, login.port, options).catch(() => null);
        if (now && !pins.some((p) => p.blob.equals(now.blob))) {
          throw sshError({ kind: 'host-key-changed', at, fingerprint: fingerprintOf(now.blob), pinned: pins.map((p) => fingerprintOf(p.blob)), jobId });
        }
      }
      throw sshError(failure, err instanceof Error ? err.message : String(err));
    }
    if (!seen) throw new KuraError({ code: 'internal', params: { reason: 'the SSH server key was never checked' }, category: 'internal' });
    // Database protocols are small questions and answers: Nagle's algorithm with delayed ACKs would
    // add ~40 ms to each one (seconds per dump), on the SSH socket and on each forwarded one.
    client.setNoDelay(true);
    sayTo(options.logger, 'info', msg('log-ssh-connected', { login: `${at.user}@${at.host}:${at.port}`, fingerprint: fingerprintOf((seen as HostKey).blob), compression }));
    return new SshConnection(client, at, seen, options);
  }

  /** Set once the connection broke (a network failure, retried by the scheduler). */
  get failure(): KuraError | null {
    return this.failureValue;
  }

  /**
   * A tool that worked through this connection failed: when the connection broke meanwhile, that
   * is the real story (the tool only saw its pipe close), so report it instead.
   */
  explain(err: unknown): unknown {
    return this.failureValue ?? err;
  }

  /**
   * A local 127.0.0.1 port whose connections reach host:port from the SSH server. The first channel
   * is opened at once, so "forwarding forbidden" and "nothing listens there" are reported as such
   * instead of as a database client's "lost connection".
   */
  async forward(host: string, port: number, what: string): Promise<SshForward> {
    this.assertUsable();
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    const target = `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
    const probe = await this.openChannel(bare, port, target, what);
    probe.destroy();
    const sockets = new Set<Socket>();
    const server = createServer((local) => {
      local.setNoDelay(true);
      sockets.add(local);
      local.on('close', () => sockets.delete(local));
      local.on('error', () => {});
      local.pause();
      this.openChannel(bare, port, target, what).then(
        (remote) => {
          remote.on('error', () => local.destroy());
          local.on('error', () => remote.destroy());
          remote.on('close', () => local.destroy());
          local.on('close', () => remote.destroy());
          local.pipe(remote);
          remote.pipe(local);
          local.resume();
        },
        (e: unknown) => {
          this.options.logger?.log('warn', (e as Error).message);
          local.destroy();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve());
    });
    const entry = { server, sockets };
    this.forwards.add(entry);
    const addr = server.address();
    if (typeof addr !== 'object' || addr === null) throw new KuraError({ code: 'internal', params: { reason: 'the SSH forward has no local port' }, category: 'internal' });
    sayTo(this.options.logger, 'info', msg('log-ssh-forward', { what, target, local: `127.0.0.1:${addr.port}` }));
    return {
      host: '127.0.0.1',
      port: addr.port,
      target,
      close: async () => {
        this.forwards.delete(entry);
        await closeServer(entry);
      },
    };
  }

  /** The program rsync runs as its remote shell, carried over this connection (one per rsync run). */
  async rsyncTransport(): Promise<RsyncTransport> {
    this.assertUsable();
    const t = await startRsyncTransport({
      exec: (command) =>
        new Promise<ClientChannel>((resolve, reject) => {
          this.client.exec(command, (err, ch) => (err ? reject(err) : resolve(guardChannel(ch))));
        }),
      proxyProgram: this.options.proxyProgram,
      logger: this.options.logger,
      lostReason: () => this.failureValue?.message ?? null,
    });
    this.transports.add(t);
    const close = t.close;
    t.close = async () => {
      this.transports.delete(t);
      await close();
    };
    return t;
  }

  /**
   * Runs a command on the server; stdout and stderr as text (stdout to `onStdout` as it comes, when
   * given). `stdin` is written and closed (how a secret reaches a server-side tool: never in the
   * command line, which the server's `ps` shows). A cancel closes the channel and rejects with `cancelled`.
   */
  exec(command: string, options: { stdin?: string; signal?: AbortSignal; onStdout?: (text: string) => void } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    this.assertUsable();
    const { signal } = options;
    const cancelled = () => new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, ch) => {
        if (err) return reject(err);
        guardChannel(ch);
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        const onAbort = () => {
          ch.close();
          reject(cancelled());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const decoder = new StringDecoder('utf8');
        ch.on('data', (d: Buffer) => {
          const text = decoder.write(d);
          if (options.onStdout) options.onStdout(text);
          else stdout += text;
        });
        ch.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        ch.on('exit', (c: number | null) => (code = c));
        ch.on('close', () => {
          signal?.removeEventListener('abort', onAbort);
          resolve({ code, stdout, stderr });
        });
        ch.end(options.stdin ?? '');
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    await this.shutdownLocal();
    this.client.end();
  }

  private async shutdownLocal(): Promise<void> {
    const forwards = [...this.forwards];
    this.forwards.clear();
    const transports = [...this.transports];
    this.transports.clear();
    await Promise.all([...forwards.map(closeServer), ...transports.map((t) => t.close())]);
  }

  private assertUsable(): void {
    if (this.failureValue) throw this.failureValue;
    if (this.closing) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  }

  private openChannel(host: string, port: number, target: string, what: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        reject(sshError({ kind: 'target-unreachable', at: this.login, target, what, reason: nestedMessage(msg('ssh-no-answer-within', { seconds: FORWARD_OPEN_TIMEOUT_MS / 1000 })) }));
      }, FORWARD_OPEN_TIMEOUT_MS);
      this.client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => {
        clearTimeout(timer);
        if (done) {
          ch?.destroy();
          return;
        }
        done = true;
        if (!err) return resolve(guardChannel(ch));
        if (this.failureValue) return reject(this.failureValue);
        const reason = (err as Error & { reason?: number | string }).reason;
        // RFC 4254: 1 = administratively prohibited (AllowTcpForwarding no, permitopen), 2 = connect failed.
        if (reason === 1) reject(sshError({ kind: 'forwarding-forbidden', at: this.login, target, what }, err.message));
        else reject(sshError({ kind: 'target-unreachable', at: this.login, target, what, reason: describeOpenFailure(err.message) }, err.message));
      });
    });
  }
}

/** Reads the server's key without logging in (for the wizard's confirmation and `kura ssh-trust`). */
export async function probeHostKey(host: string, port: number, options: Pick<SshConnectOptions, 'signal' | 'connectTimeoutMs'> = {}): Promise<HostKey & { fingerprint: string }> {
  const at: SshEndpoint = { host, port, user: 'kura' };
  const client = new Client();
  let seen: HostKey | null = null;
  try {
    await connect(
      client,
      {
        host,
        port,
        username: 'kura',
        readyTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        hostVerifier: (blob: Buffer) => {
          seen = { type: keyTypeOf(blob), blob: Buffer.from(blob) };
          return false;
        },
      },
      options.signal,
      'key',
    );
  } catch (err) {
    if (!seen) throw sshError(classifyConnectError(err, at, undefined, options.connectTimeoutMs), err instanceof Error ? err.message : String(err));
  } finally {
    client.end();
  }
  const key = seen as HostKey | null;
  if (!key) throw new KuraError({ code: 'internal', params: { reason: 'the SSH server showed no key' }, category: 'internal' });
  return { ...key, fingerprint: fingerprintOf(key.blob) };
}

async function credentials(login: SshLogin, at: SshEndpoint): Promise<Pick<ConnectConfig, 'privateKey' | 'passphrase' | 'password' | 'tryKeyboard' | 'authHandler'>> {
  if (login.keyPath !== undefined) {
    let key: Buffer;
    try {
      key = await readFile(login.keyPath);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw sshError({ kind: 'key-unreadable', keyPath: login.keyPath, reason: code === 'ENOENT' ? 'ssh-key-file-missing' : code === 'EACCES' ? 'ssh-key-file-denied' : (e as Error).message });
    }
    const parsed = sshUtils.parseKey(key, login.passphrase ?? undefined);
    if (parsed instanceof Error) {
      // First: no passphrase makes such a key usable (ssh2 asks for one before it finds the flaw).
      if (isTruncatedEd25519KeyFile(key)) throw sshError({ kind: 'key-flawed', keyPath: login.keyPath }, parsed.message);
      if (/no passphrase given/i.test(parsed.message)) throw sshError({ kind: 'passphrase-missing', keyPath: login.keyPath });
      if (/bad passphrase|decrypt|integrity check failed/i.test(parsed.message)) throw sshError({ kind: 'passphrase-wrong', keyPath: login.keyPath });
      // ssh2's own words ("Malformed OpenSSH private key") go to the detail; the sentence says it in the admin's language.
      throw sshError({ kind: 'key-unreadable', keyPath: login.keyPath, reason: /unsupported/i.test(parsed.message) ? 'ssh-key-file-format' : 'ssh-key-file-damaged' }, parsed.message);
    }
    // The parsed key only (decrypting a passphrase-protected key costs seconds of bcrypt: once is enough).
    return {
      authHandler: [{ type: 'publickey', username: login.user, key: parsed instanceof Array ? parsed[0]! : parsed } as never],
    };
  }
  if (login.password !== undefined && login.password !== null) {
    const password = login.password;
    // "password", then "keyboard-interactive" answered once with the same password (servers with
    // PasswordAuthentication no but KbdInteractiveAuthentication yes); never a second guess.
    let asked = false;
    return {
      password,
      tryKeyboard: true,
      authHandler: [
        { type: 'password', username: login.user, password } as never,
        {
          type: 'keyboard-interactive',
          username: login.user,
          prompt: (_name: string, _instructions: string, _lang: string, prompts: Array<{ prompt: string; echo?: boolean }>, finish: (answers: string[]) => void) => {
            if (asked) return finish([]);
            asked = true;
            finish(prompts.map((p) => (p.echo ? '' : password)));
          },
        } as never,
      ],
    };
  }
  throw sshError({ kind: 'no-credentials', at });
}

function connect(client: Client, config: ConnectConfig, signal: AbortSignal | undefined, _method: 'key' | 'password'): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      client.on('error', () => {});
      client.end();
      reject(new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (err?: Error) => {
      signal?.removeEventListener('abort', onAbort);
      client.removeListener('ready', onReady);
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
      // A login that failed (a timeout above all) may still hear "Connection lost before handshake"
      // from ssh2 as the socket closes: with no listener that would crash the process.
      if (err) client.on('error', () => {});
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => settle();
    const onError = (err: Error) => settle(err);
    const onClose = () => settle(Object.assign(new Error('the server closed the connection during login'), { level: 'client-socket', code: 'ECONNRESET' }));
    client.once('ready', onReady);
    client.once('error', onError);
    client.once('close', onClose);
    try {
      client.connect(config);
    } catch (e) {
      settle(e as Error);
    }
  });
}

function classifyConnectError(err: unknown, at: SshEndpoint, keyPath: string | undefined, timeoutMs: number | undefined): SshFailure {
  const seconds = Math.round((timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS) / 1000);
  if (err instanceof KuraError) throw err;
  const e = err as Error & { level?: string; code?: string };
  const message = e?.message ?? String(err);
  switch (e?.code) {
    case 'ECONNREFUSED':
      return { kind: 'refused', at };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'host-not-found', at };
    case 'ETIMEDOUT':
      return { kind: 'timeout', at, seconds };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { kind: 'unreachable', at, reason: e.code === 'EHOSTUNREACH' ? 'ssh-no-route' : 'ssh-no-network-route' };
  }
  switch (e?.level) {
    case 'client-timeout':
      return { kind: 'timeout', at, seconds };
    case 'client-authentication':
      return keyPath !== undefined ? { kind: 'key-refused', at, keyPath } : { kind: 'password-refused', at };
    case 'handshake':
      return { kind: 'handshake-failed', at, reason: message };
    case 'protocol':
      return { kind: 'not-ssh', at, reason: message };
  }
  if (e?.code === 'ECONNRESET' || e?.code === 'EPIPE') return { kind: 'connection-lost', at, reason: message };
  return { kind: 'not-ssh', at, reason: message };
}

function describeOpenFailure(message: string): string {
  const m = /Channel open failure: (.*)$/.exec(message);
  const text = (m?.[1] ?? message).replace(/^open failed:?\s*/i, '').replace(/^connect failed:?\s*/i, '');
  return text === '' ? 'the connection was refused' : text;
}

/**
 * A channel whose connection has died can no longer send its EOF or CLOSE: ssh2 then throws
 * ("Invalid Zlib instance" with compression) from inside `end()`/`destroy()`, which streams call from
 * event handlers — an uncaught exception that would take the whole Kura process down when sshd is
 * killed mid-dump. The connection's own error already says what happened, so these two messages are
 * dropped when they cannot be sent.
 */
export function guardChannel<C extends ClientChannel>(ch: C): C {
  for (const name of ['eof', 'close'] as const) {
    const original = ch[name].bind(ch);
    ch[name] = () => {
      try {
        original();
      } catch {
        /* the connection is gone: nothing can be sent on it */
      }
    };
  }
  return ch;
}

async function closeServer(entry: { server: Server; sockets: Set<Socket> }): Promise<void> {
  for (const s of entry.sockets) s.destroy();
  await new Promise<void>((resolve) => entry.server.close(() => resolve()));
}
