/**
 * `kura doctor`: what Kura found on this machine, so "it doesn't work" turns into "rsync is missing"
 * before the first night. Each check is independent: one missing tool does not hide the others.
 */
import { toKuraError } from './errors.js';
import { secretSource, type SecretStore } from './secrets/secret-store.js';
import { detectMysqlClient } from './tools/mysql/index.js';
import { detectRsync } from './tools/rsync/index.js';
import type { ToolResolver } from './tools/resolve-tool.js';
import { KURA_VERSION } from './version.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** Path, version and flavour when found; the problem and the fix otherwise. */
  detail: string;
  path: string | null;
  version: string | null;
  flavour: string | null;
}

/** One password ref of config.json and where it comes from (null: nowhere). */
export interface DoctorSecret {
  ref: string;
  source: string | null;
  /** Why it could not be looked up (the keychain did not answer…). */
  problem?: string;
}

export interface DoctorReport {
  kuraVersion: string;
  home: string;
  platform: string;
  node: string;
  checks: DoctorCheck[];
  /** Every passwordRef in config.json, with where Kura reads it from. */
  secrets: DoctorSecret[];
}

export async function runDoctor(home: string, tools: ToolResolver, secrets: SecretStore, refs: readonly string[] = []): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const attempt = async (name: string, fn: () => Promise<Omit<DoctorCheck, 'name' | 'ok'>>) => {
    try {
      checks.push({ name, ok: true, ...(await fn()) });
    } catch (err) {
      const e = toKuraError(err);
      checks.push({ name, ok: false, detail: `${e.message}${e.hint ? ' ' + e.hint : ''}`, path: null, version: null, flavour: null });
    }
  };
  await attempt('rsync', async () => {
    const r = await detectRsync(tools);
    return { detail: `${r.flavour} ${r.version} (protocol ${r.protocol})`, path: r.path, version: r.version, flavour: r.flavour };
  });
  await attempt('mysql-client', async () => {
    const c = await detectMysqlClient(tools);
    return { detail: `${c.flavour} client ${c.version}: ${c.dumpPath}, ${c.clientPath}`, path: c.dumpPath, version: c.version, flavour: c.flavour };
  });
  const found: DoctorSecret[] = [];
  for (const ref of [...new Set(refs)].sort()) {
    try {
      found.push({ ref, source: await secretSource(secrets, ref) });
    } catch (err) {
      found.push({ ref, source: null, problem: toKuraError(err).message });
    }
  }
  await attempt('keychain', async () => {
    try {
      await secrets.get('kura-doctor-probe');
    } catch (err) {
      // A server without a keychain is fine when systemd credentials hold every password.
      if (refs.length > 0 && found.every((s) => s.source !== null && s.source !== 'keychain')) {
        return { detail: 'No keychain here; every password comes from systemd credentials.', path: null, version: null, flavour: null };
      }
      throw err;
    }
    return { detail: 'The OS keychain answers.', path: null, version: null, flavour: null };
  });
  return { kuraVersion: KURA_VERSION, home, platform: `${process.platform}-${process.arch}`, node: process.version, checks, secrets: found };
}
