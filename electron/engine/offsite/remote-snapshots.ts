/**
 * Reading an off-site target directly: `kura snapshots --from rsync://…` and
 * `kura restore --from rsync://…`, for the shop whose PC burned: on a new PC, with an empty
 * KURA_HOME, list what the data centre holds and pull one snapshot back to restore from it.
 *
 * A pulled snapshot lands in `$KURA_HOME/offsite-cache/<target>/<jobId>/<id>.partial/`, is checked
 * against its manifest, and only then renamed to `<id>/`, like a backup run publishes one. A pull
 * that was interrupted resumes (rsync skips what is already there); a finished one is reused.
 *
 * The password for an rsync daemon: `passwordRef` (a keychain entry the caller names), else the
 * keychain entry of a configured off-site target at the same address, else RSYNC_PASSWORD from the
 * environment (rsync's own variable, which admins know from the seed's scripts).
 */
import { messageList, msg, nestedMessage } from '../../shared/messages/index.js';
import { sayTo } from '../progress.js';
import { createHash } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilesLocation } from '../config/files-location.js';
import type { KuraConfig } from '../config/schema.js';
import { KuraError } from '../errors.js';
import { kuraHome } from '../paths.js';
import type { Logger } from '../progress.js';
import { requireSecret, type SecretStore } from '../secrets/secret-store.js';
import { readManifest } from '../snapshot/manifest.js';
import { orderProblem, type SnapshotRef } from '../snapshot/snapshot-store.js';
import { verifySnapshot } from '../snapshot/verify-snapshot.js';
import { detectRsync } from '../tools/rsync/detect-rsync.js';
import { daemonSpellingOf } from '../tools/rsync/rsync-address.js';
import type { TransferProgress } from '../tools/rsync/rsync-progress.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { withNetworkRetry } from './network-retry.js';
import { describeTarget, parseAddress } from './remote-location.js';
import { knownHostsPath } from '../tools/ssh/known-hosts.js';
import { fetchRemoteIndex, pullRemoteFolder, type RemoteEndpoint, type RemoteOpsContext, type RemoteSnapshot } from './remote-ops.js';

export interface RemoteReadDeps {
  secrets: SecretStore;
  tools: ToolResolver;
  config: KuraConfig | null;
  /** $KURA_HOME (the cache lives below it); defaults to kuraHome(). */
  home?: string;
  /** Keychain entry with the daemon password, when the caller names one. */
  passwordRef?: string;
  /** Defaults to process.env (for RSYNC_PASSWORD). */
  env?: NodeJS.ProcessEnv;
  retryDelaysMs?: readonly number[];
  signal?: AbortSignal;
  logger?: Logger;
  onProgress?: (p: TransferProgress) => void;
}

export interface RemoteSnapshotRef extends RemoteSnapshot {
  /** Where it is, as shown to the admin (rsync://host/module/job/id). */
  address: string;
}

/** The complete snapshots at a remote address (optionally of one job), oldest first. */
export async function listRemoteSnapshots(address: string, deps: RemoteReadDeps, jobId?: string): Promise<RemoteSnapshotRef[]> {
  const { endpoint, ctx } = await connect(address, deps);
  const index = await withNetworkRetry(() => fetchRemoteIndex(endpoint, ctx, { layout: 'auto' }), {
    what: msg('try-read-list', { to: describeTarget(endpoint.location) }),
    delaysMs: deps.retryDelaysMs,
    signal: deps.signal,
    logger: deps.logger,
  });
  const base = describeTarget(endpoint.location).replace(/\/+$/, '');
  return index.complete.filter((s) => jobId === undefined || s.jobId === jobId).map((s) => ({ ...s, address: s.sub === '' ? base : `${base}/${s.sub}` }));
}

/** Pulls one remote snapshot into the local cache (or reuses a finished pull) and returns it as a local snapshot. */
export async function fetchRemoteSnapshot(address: string, deps: RemoteReadDeps, snap: RemoteSnapshotRef): Promise<SnapshotRef> {
  const { endpoint, ctx, cacheRoot } = await connect(address, deps);
  const dir = join(cacheRoot, snap.jobId);
  const final = join(dir, snap.id);
  const cached = await readManifest(final);
  if (cached && cached.id === snap.id && cached.finishedAt === snap.manifest.finishedAt) {
    sayTo(deps.logger, 'info', msg('log-offsite-cached', { snapshot: snap.id, path: final }));
    return { id: snap.id, path: final, manifest: cached, outOfOrder: orderProblem(snap.id, cached, new Date()) };
  }
  await rm(final, { recursive: true, force: true });
  const partial = `${final}.partial`;
  sayTo(deps.logger, 'info', msg('log-offsite-fetching', { snapshot: snap.id, address: snap.address, path: partial }));
  await withNetworkRetry(() => pullRemoteFolder(endpoint, ctx, snap.sub, partial), {
    what: msg('try-fetch', { snapshot: snap.id, address: snap.address }),
    delaysMs: deps.retryDelaysMs,
    signal: deps.signal,
    logger: deps.logger,
  });
  const manifest = await readManifest(partial);
  if (!manifest || manifest.id !== snap.id) {
    throw new KuraError({ code: 'offsite-snapshot-incomplete', params: { snapshot: snap.id, address: snap.address }, category: 'data' });
  }
  const check = await verifySnapshot(partial, manifest, deps.signal);
  if (!check.ok) {
    const bad = check.items.filter((i) => !i.ok).map((i) => msg('offsite-item-problem', { path: i.path, detail: nestedMessage(i.detail) }));
    throw new KuraError({ code: 'offsite-snapshot-damaged', params: { snapshot: snap.id, address: snap.address, problems: messageList(bad) }, category: 'data' });
  }
  await rename(partial, final);
  return { id: snap.id, path: final, manifest, outOfOrder: orderProblem(snap.id, manifest, new Date()) };
}

async function connect(address: string, deps: RemoteReadDeps): Promise<{ endpoint: RemoteEndpoint; ctx: RemoteOpsContext; cacheRoot: string }> {
  const location = parseAddress(address, 'noun-address');
  const home = deps.home ?? kuraHome(deps.env ?? process.env);
  const client = await detectRsync(deps.tools, { signal: deps.signal, logger: deps.logger, knownHostsFile: knownHostsPath(home) });
  const target = configuredTarget(deps.config, location);
  const endpoint: RemoteEndpoint = {
    location,
    password: location.kind === 'daemon' ? await password(deps, target?.passwordRef) : null,
    sshKeyPath: target?.sshKeyPath,
    sshPort: target?.sshPort,
    bwlimit: target?.bwlimit,
    daemonSpelling: daemonSpellingOf(address),
  };
  const key = createHash('sha256').update(describeTarget(location)).digest('hex').slice(0, 16);
  await stat(home).catch(() => {
    throw new KuraError({ code: 'usage~home-missing', params: { path: home }, category: 'config' });
  });
  return {
    endpoint,
    ctx: { client, workDir: join(home, 'offsite', 'work'), signal: deps.signal, logger: deps.logger, onProgress: deps.onProgress },
    cacheRoot: join(home, 'offsite-cache', key),
  };
}

async function password(deps: RemoteReadDeps, configuredRef: string | undefined): Promise<string | null> {
  const ref = deps.passwordRef ?? configuredRef;
  if (ref) return requireSecret(deps.secrets, ref);
  const env = deps.env ?? process.env;
  return env['RSYNC_PASSWORD'] ?? null;
}

/** The configured off-site target at the same server and module/folder, to borrow its password and key. */
function configuredTarget(config: KuraConfig | null, location: FilesLocation) {
  for (const job of config?.jobs ?? []) {
    for (const t of job.offsite) {
      const r = parseAddress(t.to, 'off-site target');
      if (r.kind !== location.kind) continue;
      if (r.kind === 'daemon' && location.kind === 'daemon' && r.host === location.host && r.module === location.module && (r.port ?? 873) === (location.port ?? 873)) return t;
      if (r.kind === 'ssh' && location.kind === 'ssh' && r.host === location.host && r.user === location.user) return t;
    }
  }
  return null;
}
