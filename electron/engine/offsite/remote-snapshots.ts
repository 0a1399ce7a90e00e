/**
 * Reading an off-site copy directly: `kura snapshots --from …` and `kura restore --from …` with an
 * rsync/SSH address or `s3://bucket/prefix`, for the shop whose PC burned: on a new PC, with an empty
 * KURA_HOME, list what the data centre or the bucket holds and fetch what a restore needs.
 *
 * Both go through the storage-location interface (storage/open-location.ts), so an rsync daemon, an
 * SSH server and a bucket are read the same way. What a restore fetches lands in
 * `$KURA_HOME/offsite-cache/…` and is checked against its manifest before anything is restored from
 * it; from a bucket only the item being restored is downloaded (one database, not the whole night).
 *
 * The secrets: a keychain entry the caller names (`passwordRef`), else the configured off-site
 * target at the same place, else the environment (RSYNC_PASSWORD; AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL; KURA_PASSPHRASE), else — for a passphrase — a prompt.
 */
import { stat } from 'node:fs/promises';
import type { KuraConfig } from '../config/schema.js';
import { KuraError } from '../errors.js';
import { kuraHome } from '../paths.js';
import type { Logger } from '../progress.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { ManifestItem } from '../snapshot/manifest.js';
import type { SnapshotRef } from '../snapshot/snapshot-store.js';
import { openAddress, type OpenLocationDeps } from '../storage/open-location.js';
import type { StorageLocation, StoredSnapshot } from '../storage/storage-location.js';
import type { ToolResolver } from '../tools/resolve-tool.js';

export interface RemoteReadDeps {
  secrets: SecretStore;
  tools: ToolResolver;
  config: KuraConfig | null;
  /** $KURA_HOME (the cache lives below it); defaults to kuraHome(). */
  home?: string;
  /** Keychain entry with the daemon password, when the caller names one. */
  passwordRef?: string;
  /** s3://: endpoint, addressing and keychain entries when no configured target matches. */
  s3?: OpenLocationDeps['s3'];
  /** Asks for the passphrase of encrypted copies (a terminal prompt). */
  askPassphrase?: () => Promise<string | null>;
  /** Defaults to process.env (RSYNC_PASSWORD, AWS_*, KURA_PASSPHRASE). */
  env?: NodeJS.ProcessEnv;
  retryDelaysMs?: readonly number[];
  signal?: AbortSignal;
  logger?: Logger;
  onProgress?: (p: { bytes: number; totalBytes: number | null }) => void;
}

/** A snapshot at a remote address; `address` is where it is, as shown to the admin. */
export type RemoteSnapshotRef = StoredSnapshot;

/** One location per address and caller: listing then fetching asks for a passphrase once. */
const opened = new WeakMap<RemoteReadDeps, Map<string, Promise<StorageLocation>>>();

async function open(address: string, deps: RemoteReadDeps): Promise<StorageLocation> {
  let byAddress = opened.get(deps);
  if (!byAddress) opened.set(deps, (byAddress = new Map()));
  let loc = byAddress.get(address);
  if (!loc) {
    const home = deps.home ?? kuraHome(deps.env ?? process.env);
    loc = stat(home)
      .catch(() => {
        throw new KuraError({ code: 'usage~home-missing', params: { path: home }, category: 'config' });
      })
      .then(() => openAddress(address, { ...deps, home }));
    byAddress.set(address, loc);
    loc.catch(() => byAddress.delete(address));
  }
  return loc;
}

/** The complete snapshots at a remote address (optionally of one job), oldest first. */
export async function listRemoteSnapshots(address: string, deps: RemoteReadDeps, jobId?: string): Promise<RemoteSnapshotRef[]> {
  const loc = await open(address, deps);
  return loc.listSnapshots(jobId, { signal: deps.signal, logger: deps.logger });
}

/**
 * Fetches a remote snapshot (or only `want`'s items of it) into the local cache, checked, and returns
 * it as a local snapshot to restore from.
 */
export async function fetchRemoteSnapshot(address: string, deps: RemoteReadDeps, snap: RemoteSnapshotRef, want?: { items?: readonly ManifestItem[]; sub?: string }): Promise<SnapshotRef> {
  const loc = await open(address, deps);
  return loc.openSnapshot(snap, want, { signal: deps.signal, logger: deps.logger, onTransfer: deps.onProgress });
}
