/**
 * How a run (or a restore, a restore test, a wizard test) reaches a source's server: directly from
 * this computer, or — for sources with `"via": "ssh"` — through the job's one SSH connection.
 *
 * The connection is opened at the first source that needs it and shared by all of them, so a
 * night's run logs in once; it is closed with `close()` in the caller's `finally`. The key's
 * passphrase or the password are read from the keychain by the caller's secret reader (which
 * registers them for redaction) and handed only to the SSH client.
 *
 * A tool (mysqldump, rsync, the Redis client) that fails while the connection broke only saw its
 * pipe close; `explain()` turns that into the connection's own "closed mid-transfer" error.
 */
import type { SshConnectionConfig } from '../config/schema.js';
import { KuraError } from '../errors.js';
import type { Logger } from '../progress.js';
import { SshConnection, type ProxyProgram } from '../tools/ssh/index.js';
import type { RemoteShellProgram } from '../tools/rsync/index.js';

export interface ServerLinkDeps {
  home: string;
  jobId: string;
  ssh: SshConnectionConfig | undefined;
  /** Reads a keychain entry (and registers it for redaction). */
  secret(ref: string | undefined): Promise<string | null>;
  signal?: AbortSignal;
  logger?: Logger;
  proxyProgram?: ProxyProgram;
  /** The login must finish within this long (the wizard's tests use a short bound). */
  connectTimeoutMs?: number;
}

/** A host:port the tools connect to, how messages should name it, and its release. */
export interface Endpoint {
  host: string;
  port: number;
  shownAs?: string;
  release(): Promise<void>;
}

export class ServerLink {
  private opening: Promise<SshConnection> | null = null;
  /** The open connection, once there is one (for explain()). */
  private current: SshConnection | null = null;

  constructor(private readonly deps: ServerLinkDeps) {}

  /** The job's SSH connection, opened on first use. */
  connection(): Promise<SshConnection> {
    const cfg = this.deps.ssh;
    if (!cfg) {
      return Promise.reject(
        new KuraError({ code: 'config-invalid~job-no-connection', params: { job: this.deps.jobId }, category: 'config' }),
      );
    }
    if (this.opening) return this.opening;
    const open = async (): Promise<SshConnection> => {
      const conn = await SshConnection.open(
        {
          host: cfg.host,
          port: cfg.port,
          user: cfg.user,
          ...(cfg.keyPath !== undefined ? { keyPath: cfg.keyPath, passphrase: await this.deps.secret(cfg.passphraseRef) } : {}),
          ...(cfg.passwordRef !== undefined ? { password: await this.deps.secret(cfg.passwordRef) } : {}),
        },
        {
          home: this.deps.home,
          jobId: this.deps.jobId,
          signal: this.deps.signal,
          logger: this.deps.logger,
          proxyProgram: this.deps.proxyProgram,
          ...(this.deps.connectTimeoutMs !== undefined ? { connectTimeoutMs: this.deps.connectTimeoutMs } : {}),
          ...(cfg.compression !== undefined ? { compression: cfg.compression } : {}),
        },
      );
      this.current = conn;
      return conn;
    };
    const opening = open();
    this.opening = opening;
    // A failed open is not cached: the next caller gets a fresh attempt (and the same error, normally).
    opening.catch(() => {
      if (this.opening === opening) this.opening = null;
    });
    return opening;
  }

  /** Where MySQL or Redis tools connect for this source: the source itself, or a forward through SSH. */
  async endpoint(source: { via?: 'ssh'; host: string; port: number }, what: 'MySQL' | 'Redis'): Promise<Endpoint> {
    if (source.via !== 'ssh') return { host: source.host, port: source.port, release: async () => {} };
    const conn = await this.connection();
    const fwd = await conn.forward(source.host, source.port, what);
    return { host: fwd.host, port: fwd.port, shownAs: `${fwd.target} (ssh://${conn.login.host})`, release: () => fwd.close() };
  }

  /** rsync's remote shell for a `"via": "ssh"` files source (one per rsync run). */
  async rsyncShell(): Promise<RemoteShellProgram & { release(): Promise<void> }> {
    const conn = await this.connection();
    const t = await conn.rsyncTransport();
    return { program: t.program, args: t.args, env: t.env, release: () => t.close() };
  }

  /** A tool's failure, or the connection's when it broke meanwhile (see the file comment). */
  explain(err: unknown): unknown {
    return this.current?.explain(err) ?? err;
  }

  /** Runs `fn` with the endpoint, releasing it afterwards and explaining failures. */
  async withEndpoint<T>(source: { via?: 'ssh'; host: string; port: number }, what: 'MySQL' | 'Redis', fn: (e: Endpoint) => Promise<T>): Promise<T> {
    const e = await this.endpoint(source, what);
    try {
      return await fn(e);
    } catch (err) {
      throw this.explain(err);
    } finally {
      await e.release();
    }
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    if (!opening) return;
    const conn = await opening.catch(() => null);
    this.current = null;
    await conn?.close();
  }
}
