/**
 * Turns what the config or the admin names into a StorageLocation, with network retries around it:
 *   - an off-site target of a job (the nightly copy, retention there, `kura verify --offsite`);
 *   - an address typed after `--from` or in the restore wizard's "Open a backup location…": a folder,
 *     `rsync://…`/`host::module`/`user@host:/path`, or `s3://bucket/prefix`.
 *
 * Secrets, in order: a configured target at the same place lends its keychain entries (an admin
 * restoring on the PC that makes the backups types nothing); else the environment, with the names
 * admins know from other tools — RSYNC_PASSWORD; AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_ENDPOINT_URL, AWS_REGION; KURA_PASSPHRASE (or the key itself, KURA_AGE_IDENTITY) — and for
 * the passphrase, a prompt when there is a terminal.
 */
import { createHash } from 'node:crypto';
import { awsEndpoint, isAwsEndpoint, normalisePrefix, plannedLifetimeDays, presetForEndpoint, S3_PRESETS } from '../../shared/s3-presets.js';
import type { FilesLocation } from '../config/files-location.js';
import type { Job, KuraConfig, OffsiteTarget, Retention, RsyncTarget, S3Target } from '../config/schema.js';
import { KuraError } from '../errors.js';
import { msg, nestedMessage } from '../../shared/messages/index.js';
import { describeTarget, parseAddress } from '../offsite/remote-location.js';
import type { Logger } from '../progress.js';
import { requireSecret, type SecretStore } from '../secrets/secret-store.js';
import { daemonSpellingOf } from '../tools/rsync/rsync-address.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { isDirectory } from '../util/fs-probe.js';
import { withRetries } from './retrying-location.js';
import { RsyncLocation } from './rsync-location.js';
import type { S3Connection } from './s3/s3-client.js';
import { isS3Address, parseS3Address } from './s3/s3-layout.js';
import type { KeySource, S3Location } from './s3/s3-location.js';
import type { StorageLocation } from './storage-location.js';
import { homeLayout } from '../home-layout.js';

export interface OpenLocationDeps {
  home: string;
  secrets: SecretStore;
  tools: ToolResolver;
  config: KuraConfig | null;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  signal?: AbortSignal;
  retryDelaysMs?: readonly number[];
  /** rsync daemon: a keychain entry with the password (`--password-ref`). */
  passwordRef?: string;
  /** s3://: the endpoint and addressing when no configured target matches (`--endpoint`, `--path-style`). */
  s3?: { endpoint?: string; region?: string; pathStyle?: boolean; accessKeyId?: string; secretRef?: string; passphraseRef?: string };
  /** Asks the admin for the passphrase (a terminal prompt, the wizard's field); null when nobody can answer. */
  askPassphrase?: () => Promise<string | null>;
  /** Reads a keychain entry and registers it for redaction (a run); defaults to the store. */
  secret?: (ref: string) => Promise<string>;
}

function retryPolicy(deps: OpenLocationDeps) {
  return { delaysMs: deps.retryDelaysMs, signal: deps.signal, logger: deps.logger };
}

/** True for anything that is not a folder on this PC: rsync/SSH addresses and s3://. */
export function isRemoteLocation(address: string): boolean {
  if (isS3Address(address)) return true;
  try {
    return parseAddress(address, 'noun-address').kind !== 'local';
  } catch {
    return false;
  }
}

/** The target's address as shown to the admin (no secret in it). */
export function describeOffsiteTarget(target: OffsiteTarget): string {
  if (target.type === 's3') return `s3://${target.bucket}/${normalisePrefix(target.prefix)}`;
  try {
    return describeTarget(parseAddress(target.to, nestedMessage(msg('noun-offsite-target', { target: target.id }))));
  } catch {
    return target.to;
  }
}

/** Where a job's snapshots go for an off-site target. Throws `offsite-not-mounted` for a folder that is not there. */
export async function openTarget(job: Job, target: OffsiteTarget, deps: OpenLocationDeps): Promise<StorageLocation> {
  const secret = deps.secret ?? ((ref: string) => requireSecret(deps.secrets, ref));
  if (target.type === 's3') return withRetries(await s3FromTarget(job.id, target, job.retention, deps, secret), retryPolicy(deps));
  const location = parseAddress(target.to, nestedMessage(msg('noun-offsite-target', { target: target.id })));
  if (location.kind === 'local' && !(await isDirectory(location.path))) {
    throw new KuraError({ code: 'offsite-not-mounted', params: { path: location.path }, category: 'resource' });
  }
  return withRetries(rsyncLocation(location, target, target.to, 'jobs', location.kind === 'daemon' && target.passwordRef ? await secret(target.passwordRef) : null, deps), retryPolicy(deps));
}

/** What an admin typed after `--from` (or in "Open a backup location…"). */
export async function openAddress(address: string, deps: OpenLocationDeps): Promise<StorageLocation> {
  const secret = deps.secret ?? ((ref: string) => requireSecret(deps.secrets, ref));
  if (isS3Address(address)) return withRetries(await s3FromAddress(address, deps, secret), retryPolicy(deps));
  const location = parseAddress(address, 'noun-address');
  const target = configuredRsyncTarget(deps.config, location);
  let password: string | null = null;
  if (location.kind === 'daemon') {
    const ref = deps.passwordRef ?? target?.passwordRef;
    password = ref ? await secret(ref) : ((deps.env ?? process.env)['RSYNC_PASSWORD'] ?? null);
  }
  return withRetries(rsyncLocation(location, target, address, 'auto', password, deps), retryPolicy(deps));
}

function rsyncLocation(location: FilesLocation, target: RsyncTarget | null, spelled: string, layout: 'jobs' | 'auto', password: string | null, deps: OpenLocationDeps): RsyncLocation {
  return new RsyncLocation({
    endpoint: { location, password, sshKeyPath: target?.sshKeyPath, sshPort: target?.sshPort, bwlimit: target?.bwlimit, daemonSpelling: daemonSpellingOf(spelled) },
    layout,
    tools: deps.tools,
    home: deps.home,
  });
}

/** The configured off-site target at the same server and module/folder, to borrow its password and key. */
function configuredRsyncTarget(config: KuraConfig | null, location: FilesLocation): RsyncTarget | null {
  for (const job of config?.jobs ?? []) {
    for (const t of job.offsite) {
      if (t.type === 's3') continue;
      const r = parseAddress(t.to, nestedMessage(msg('noun-offsite-target', { target: t.id })));
      if (r.kind !== location.kind) continue;
      if (r.kind === 'daemon' && location.kind === 'daemon' && r.host === location.host && r.module === location.module && (r.port ?? 873) === (location.port ?? 873)) return t;
      if (r.kind === 'ssh' && location.kind === 'ssh' && r.host === location.host && r.user === location.user) return t;
    }
  }
  return null;
}

// ---- S3 --------------------------------------------------------------------------------------------

export { plannedLifetimeDays };

/** The keychain entry where Kura keeps the identity it generated for a target (when the config names none). */
export function rememberedIdentityRef(jobId: string, targetId: string): string {
  return `kura-age.${jobId}.${targetId}`.slice(0, 128);
}

/**
 * The S3 modules (and the AWS SDK under them, ~40 MB and half a second to load) are loaded only when a
 * bucket is used: a job without one, the tray and the CLI's other commands never pay for them.
 */
const s3Modules = async () => {
  const { S3Location } = await import('./s3/s3-location.js');
  return { S3Location };
};


function connectionOf(t: Pick<S3Target, 'endpoint' | 'region' | 'pathStyle' | 'accessKeyId'>, secretAccessKey: string): S3Connection {
  const endpoint = t.endpoint ?? awsEndpoint(t.region ?? 'us-east-1');
  return { endpoint, region: t.region ?? (isAwsEndpoint(endpoint) ? 'us-east-1' : S3_PRESETS[presetForEndpoint(endpoint).id].defaultRegion), pathStyle: t.pathStyle, accessKeyId: t.accessKeyId, secretAccessKey, isAws: isAwsEndpoint(endpoint) };
}

function cacheRoot(home: string, where: string): string {
  return homeLayout.offsiteCacheDir(home, createHash('sha256').update(where).digest('hex').slice(0, 16));
}

/** An S3 target on its own (set-up: the connection test and the recovery kit, before the job is saved). */
export async function openS3Target(jobId: string, target: S3Target, retention: Retention, deps: OpenLocationDeps): Promise<S3Location> {
  return s3FromTarget(jobId, target, retention, deps, deps.secret ?? ((ref: string) => requireSecret(deps.secrets, ref)));
}

async function s3FromTarget(jobId: string, t: S3Target, retention: Retention, deps: OpenLocationDeps, secret: (ref: string) => Promise<string>): Promise<S3Location> {
  const connection = connectionOf(t, await secret(t.secretRef));
  const identityRef = t.encryption?.identityRef ?? rememberedIdentityRef(jobId, t.id);
  const keys: KeySource = {
    identity: async () => (t.encryption ? deps.secrets.get(identityRef) : null),
    passphrase: async () => (t.encryption?.passphraseRef ? secret(t.encryption.passphraseRef) : null),
    remember: async (_job, identity) => {
      // An entry the config names is the admin's: Kura fills it when it is empty, never replaces it.
      if (!t.encryption?.identityRef || (await deps.secrets.get(identityRef)) === null) await deps.secrets.set(identityRef, identity);
    },
  };
  const { S3Location } = await s3Modules();
  return new S3Location({
    connection,
    bucket: t.bucket,
    prefix: t.prefix,
    encrypt: t.encryption !== undefined,
    keys,
    storageClass: t.storageClass,
    objectLock: t.objectLock,
    lockDays: plannedLifetimeDays(retention),
    minStorageDays: t.minStorageDays ?? S3_PRESETS[t.provider ?? presetForEndpoint(connection.endpoint).id].minStorageDays,
    bwlimitKiB: t.bwlimit,
    cacheRoot: cacheRoot(deps.home, `s3://${t.bucket}/${normalisePrefix(t.prefix)}`),
  });
}

/** A configured S3 target whose bucket holds the address (same bucket, the address at or below its prefix). */
function configuredS3Target(config: KuraConfig | null, bucket: string, prefix: string): { job: Job; target: S3Target } | null {
  const want = normalisePrefix(prefix);
  for (const job of config?.jobs ?? []) {
    for (const t of job.offsite) {
      if (t.type === 's3' && t.bucket === bucket && want.startsWith(normalisePrefix(t.prefix))) return { job, target: t };
    }
  }
  return null;
}

async function s3FromAddress(address: string, deps: OpenLocationDeps, secret: (ref: string) => Promise<string>): Promise<S3Location> {
  const parsed = parseS3Address(address);
  if (!parsed) throw new KuraError({ code: 'usage~s3-address', params: { address }, category: 'config' });
  const env = deps.env ?? process.env;
  const configured = configuredS3Target(deps.config, parsed.bucket, parsed.prefix);
  const o = deps.s3 ?? {};
  let connection: S3Connection;
  let identityRef: string | null = null;
  let passphraseRef: string | null = o.passphraseRef ?? null;
  if (configured && !o.endpoint && !o.accessKeyId) {
    const t = configured.target;
    connection = connectionOf(t, await secret(t.secretRef));
    identityRef = t.encryption?.identityRef ?? rememberedIdentityRef(configured.job.id, t.id);
    passphraseRef ??= t.encryption?.passphraseRef ?? null;
  } else {
    const endpoint = o.endpoint ?? env['AWS_ENDPOINT_URL_S3'] ?? env['AWS_ENDPOINT_URL'];
    const region = o.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    const accessKeyId = o.accessKeyId ?? env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = o.secretRef ? await secret(o.secretRef) : env['AWS_SECRET_ACCESS_KEY'];
    if (!accessKeyId || !secretAccessKey || (!endpoint && !region)) {
      throw new KuraError({ code: 'usage~s3-keys', params: { address }, category: 'config' });
    }
    const pathStyleEnv = env['KURA_S3_PATH_STYLE'];
    const pathStyle = o.pathStyle ?? (pathStyleEnv === '1' ? true : pathStyleEnv === '0' ? false : endpoint !== undefined && !isAwsEndpoint(endpoint));
    connection = connectionOf({ endpoint, region, pathStyle, accessKeyId }, secretAccessKey);
  }
  const keys: KeySource = {
    identity: async () => env['KURA_AGE_IDENTITY']?.trim() || (identityRef ? deps.secrets.get(identityRef) : null),
    passphrase: async () => {
      if (passphraseRef) return secret(passphraseRef);
      if (env['KURA_PASSPHRASE']) return env['KURA_PASSPHRASE'];
      return deps.askPassphrase ? deps.askPassphrase() : null;
    },
    // Only the PC that makes the copies keeps their key; a PC restoring from a kit keeps nothing.
    remember: configured && identityRef && !configured.target.encryption?.identityRef ? async (_job, identity) => deps.secrets.set(identityRef!, identity) : undefined,
  };
  const { S3Location } = await s3Modules();
  return new S3Location({
    connection,
    bucket: parsed.bucket,
    prefix: parsed.prefix,
    encrypt: configured?.target.encryption !== undefined,
    keys,
    minStorageDays: 0,
    cacheRoot: cacheRoot(deps.home, `s3://${parsed.bucket}/${normalisePrefix(parsed.prefix)}`),
  });
}
