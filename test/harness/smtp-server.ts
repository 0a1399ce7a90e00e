/**
 * A real SMTP server for the alert tests (test/harness/smtp-server.py on Debian's python3-aiosmtpd),
 * on 127.0.0.1:<free port>, started and stopped by PID: STARTTLS, implicit TLS or plain; AUTH with a
 * password handed over in the environment; a throw-away certificate authority whose certificate the
 * test gives Kura (`caFile`), so certificate checking stays on. `messages()` reads what arrived.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess, startProcess } from '../../electron/engine/process/run-process.js';
import { freePort } from './ports.js';
import { stopPid, tempDir } from './tmp.js';

export interface ReceivedMail {
  mailFrom: string;
  rcptTos: string[];
  subject: string;
  from: string;
  to: string;
  text: string;
  headers: Record<string, string>;
  raw: string;
  tls: boolean;
  authenticated: boolean;
}

export interface SmtpServer {
  port: number;
  /** The throw-away CA's certificate (PEM): what Kura's `caFile` names. */
  caFile: string;
  messages(): Promise<ReceivedMail[]>;
  /** Waits until at least `n` messages arrived (default timeout 20 s). */
  waitForMessages(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

export interface SmtpServerOptions {
  mode?: 'starttls' | 'tls' | 'none';
  user?: string;
  password?: string;
  /** Recipients containing this are refused with 550. */
  rejectRcpt?: string;
}

let certs: Promise<{ dir: string; ca: string; cert: string; key: string }> | null = null;

/** A CA and a server certificate for 127.0.0.1/localhost, made once per test process. */
export function testCertificates(): Promise<{ dir: string; ca: string; cert: string; key: string }> {
  certs ??= (async () => {
    const dir = (await tempDir('kura-certs-')).path;
    const ossl = async (args: string[]) => {
      const r = await runProcess({ file: 'openssl', args, cwd: dir });
      if (r.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
    };
    const ca = join(dir, 'ca.pem');
    const caKey = join(dir, 'ca.key');
    const key = join(dir, 'server.key');
    const csr = join(dir, 'server.csr');
    const cert = join(dir, 'server.pem');
    const ext = join(dir, 'ext.cnf');
    await writeFile(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    await ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=Kura Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    await ossl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1']);
    await ossl(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
    return { dir, ca, cert, key };
  })();
  return certs;
}

export async function startSmtpServer(opts: SmtpServerOptions = {}): Promise<SmtpServer> {
  const mode = opts.mode ?? 'starttls';
  const c = await testCertificates();
  const dir = await tempDir('kura-smtp-');
  const script = join(import.meta.dirname, 'smtp-server.py');
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = [script, '--port', String(port), '--dir', dir.path, '--mode', mode];
    if (mode !== 'none') args.push('--cert', c.cert, '--key', c.key);
    if (opts.user) args.push('--user', opts.user);
    if (opts.rejectRcpt) args.push('--reject-rcpt', opts.rejectRcpt);
    let ready: () => void = () => {};
    const up = new Promise<void>((r) => (ready = r));
    const proc = startProcess(
      { file: '/usr/bin/python3', args, env: opts.password ? { KURA_TEST_SMTP_PASSWORD: opts.password } : {} },
      { stdout: 'lines', onStdoutLine: (l) => (l.startsWith('READY') ? ready() : undefined) },
    );
    const exited = proc.result.then((r) => r);
    const outcome = await Promise.race([up.then(() => 'up' as const), exited.then(() => 'exited' as const), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))]);
    if (outcome === 'up') {
      const messages = async (): Promise<ReceivedMail[]> => {
        const names = (await readdir(dir.path)).filter((n) => n.endsWith('.json')).sort();
        return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir.path, n), 'utf8')) as ReceivedMail));
      };
      return {
        port,
        caFile: c.ca,
        messages,
        async waitForMessages(n, timeoutMs = 20_000) {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            const list = await messages();
            if (list.length >= n) return list;
            if (Date.now() > deadline) throw new Error(`expected ${n} mails, got ${list.length}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        },
        async stop() {
          await stopPid(proc.pid, 5000);
          await proc.result.catch(() => {});
          await dir.cleanup();
        },
      };
    }
    await stopPid(proc.pid, 2000);
    const r = await proc.result.catch(() => null);
    if (!/Address already in use/i.test(r?.stderr ?? '')) throw new Error(`the SMTP test server did not start (${outcome}): ${r?.stderr ?? ''}`);
  }
  throw new Error('the SMTP test server did not start: no free port');
}
