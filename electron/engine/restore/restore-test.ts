/**
 * `kura verify --restore-test`: proves a snapshot restorable instead of assuming it. Each MySQL dump
 * is restored into a scratch database (`<db>__kura_verify`, dropped afterwards) and compared with the
 * manifest; each RDB is parsed completely and its keys counted; each files tree is counted. When
 * everything passes, the manifest records `verified: { at, kind: "restore-test" }`.
 */
import { join } from 'node:path';
import type { Job } from '../config/schema.js';
import { KuraError, toKuraError } from '../errors.js';
import { requireSecret, type SecretStore } from '../secrets/secret-store.js';
import { ServerLink } from '../jobs/server-link.js';
import { MANIFEST_FILE, type Manifest } from '../snapshot/manifest.js';
import type { SnapshotRef } from '../snapshot/snapshot-store.js';
import { verifyItem } from '../snapshot/verify-snapshot.js';
import { detectMysqlClient } from '../tools/mysql/index.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { testRestoreMysqlItem } from './mysql-restore.js';
import { testRestoreRdb } from './redis-restore.js';
import type { RestoreCheck, RestoreItemType } from './types.js';
import { msg } from '../../shared/messages/index.js';
import { asMessage, errorMessage } from './said.js';

/** What `kura verify --restore-test` found: per item, its checks (each a catalogued message, see types.ts). */
export interface RestoreTestReport {
  snapshotId: string;
  ok: boolean;
  items: Array<{ source: string; type: RestoreItemType; path: string; ok: boolean; checks: RestoreCheck[] }>;
  verifiedAt: string | null;
}

export async function runRestoreTest(opts: {
  job: Job;
  snapshot: SnapshotRef;
  secrets: SecretStore;
  tools: ToolResolver;
  now: () => Date;
  signal?: AbortSignal;
  /** $KURA_HOME (known hosts), for MySQL sources reached through the job's SSH connection. */
  home: string;
}): Promise<RestoreTestReport> {
  const items: RestoreTestReport['items'] = [];
  const link = new ServerLink({ home: opts.home, jobId: opts.job.id, ssh: opts.job.ssh, secret: (ref) => (ref ? requireSecret(opts.secrets, ref) : Promise.resolve(null)), signal: opts.signal });
  try {
    await testItems(opts, items, link);
  } finally {
    await link.close();
  }
  const ok = items.every((i) => i.ok);
  let verifiedAt: string | null = null;
  if (ok) {
    verifiedAt = opts.now().toISOString();
    const manifest: Manifest = { ...opts.snapshot.manifest, verified: { at: verifiedAt, kind: 'restore-test' } };
    await writeJsonAtomic(join(opts.snapshot.path, MANIFEST_FILE), manifest);
  }
  return { snapshotId: opts.snapshot.id, ok, items, verifiedAt };
}

async function testItems(opts: Parameters<typeof runRestoreTest>[0], items: RestoreTestReport['items'], link: ServerLink): Promise<void> {
  for (const item of opts.snapshot.manifest.items) {
    const file = join(opts.snapshot.path, item.path);
    let checks: RestoreCheck[];
    try {
      const pre = await verifyItem(opts.snapshot.path, item, opts.signal);
      if (!pre.ok) checks = [{ check: msg('restore-check-checksums', {}), ok: false, detail: asMessage(pre.detail) }];
      else {
        switch (item.type) {
          case 'files':
            checks = [{ check: msg('restore-check-files', {}), ok: true, detail: asMessage(pre.detail) }];
            break;
          case 'redis':
            checks = await testRestoreRdb({ item, file, signal: opts.signal });
            break;
          case 'mysql': {
            const source = opts.job.sources.find((s) => s.id === item.source);
            if (!source || source.type !== 'mysql') {
              throw new KuraError({ code: 'restore-test-source-missing', params: { job: opts.job.id, source: item.source }, category: 'config' });
            }
            const password = source.passwordRef ? await opts.secrets.get(source.passwordRef) : null;
            const client = await detectMysqlClient(opts.tools);
            checks = await link.withEndpoint(source, 'MySQL', (e) =>
              testRestoreMysqlItem({
                client,
                target: { host: e.host, port: e.port, user: source.user, password, ...(e.shownAs ? { shownAs: e.shownAs } : {}) },
                item,
                file,
                home: opts.home,
                signal: opts.signal,
              }),
            );
            break;
          }
        }
      }
    } catch (err) {
      const e = toKuraError(err);
      if (e.category === 'cancelled') throw e;
      checks = [{ check: msg('restore-check-restore-test', {}), ok: false, detail: errorMessage(e) }];
    }
    items.push({ source: item.source, type: item.type, path: item.path, ok: checks.length > 0 && checks.every((c) => c.ok), checks });
  }
}
