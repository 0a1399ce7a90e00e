/**
 * The setup wizard's off-site step: one S3-compatible bucket per job, as the wizard edits it. Other
 * off-site targets of an edited job (rsync/SSH servers, a NAS, more buckets) are kept as they are.
 *
 * Secrets follow the wizard's rule: what the admin types goes to the keychain the moment it is
 * needed (`<jobId>-<target>-s3` for the secret access key, `<jobId>-<target>-passphrase`), the field
 * empties, and the job keeps only the entry names. The age key is made by the engine when the
 * recovery kit is created and stays in the keychain (`<jobId>-<target>-age`).
 *
 * Encryption is turned on only once the recovery kit was created and the admin confirmed keeping it:
 * until then the step cannot be left with encryption chosen.
 */
import { bucketNameProblem, normalisePrefix, plannedLifetimeDays, prefixProblem, S3_PRESETS, type S3ProviderId } from '../../../electron/shared/s3-presets.js';
import type { MessageCode } from '../../../electron/shared/messages/index.js';
import type { ErrorDto, OffsiteTargetDto, RecoveryKitDto, S3TargetDto, S3TestDto } from '../lib/contract.js';
import type { Loadable } from '../lib/loadable.js';

export const OFFSITE_TARGET_ID = 'cloud';
export const MIN_PASSPHRASE = 12;

export interface OffsiteSection {
  enabled: boolean;
  targetId: string;
  provider: S3ProviderId;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  pathStyle: boolean;
  accessKeyId: string;
  /** Typed; emptied once in the keychain. */
  secret: string;
  secretStored: boolean;
  encrypt: boolean;
  passphrase: string;
  passphrase2: string;
  passphraseStored: boolean;
  objectLock: 'off' | 'GOVERNANCE' | 'COMPLIANCE';
  storageClass: string | undefined;
  bwlimit: number | undefined;
  secretError: ErrorDto | null;
  /** The keychain entries an edited target already names (kept as they are); null: the wizard's own names. */
  refs: { secretRef: string; passphraseRef: string; identityRef: string | null } | null;
  test: Loadable<S3TestDto>;
  kit: Loadable<RecoveryKitDto>;
  kitConfirmed: boolean;
}

export function initialOffsite(): OffsiteSection {
  return {
    enabled: false,
    targetId: OFFSITE_TARGET_ID,
    provider: 'wasabi',
    endpoint: S3_PRESETS.wasabi.endpoint(S3_PRESETS.wasabi.defaultRegion) ?? '',
    region: S3_PRESETS.wasabi.defaultRegion,
    bucket: '',
    prefix: '',
    pathStyle: S3_PRESETS.wasabi.pathStyle,
    accessKeyId: '',
    secret: '',
    secretStored: false,
    encrypt: true,
    passphrase: '',
    passphrase2: '',
    passphraseStored: false,
    objectLock: 'off',
    storageClass: undefined,
    bwlimit: undefined,
    secretError: null,
    refs: null,
    test: { kind: 'idle' },
    kit: { kind: 'idle' },
    kitConfirmed: false,
  };
}

/** Choosing a service fills in what it decides (endpoint, region, addressing); the admin may still change them. */
export function withProvider(o: OffsiteSection, provider: S3ProviderId): Partial<OffsiteSection> {
  const p = S3_PRESETS[provider];
  return { provider, region: p.defaultRegion, endpoint: p.endpoint(p.defaultRegion) ?? '', pathStyle: p.pathStyle, objectLock: p.objectLock ? o.objectLock : 'off' };
}

export const refsFor = (jobId: string, targetId: string) => ({
  secretRef: `${jobId}-${targetId}-s3`,
  passphraseRef: `${jobId}-${targetId}-passphrase`,
  identityRef: `${jobId}-${targetId}-age`,
});

/** The section's keychain entries: an edited target's own, else the wizard's names. */
export function sectionRefs(jobId: string, o: OffsiteSection) {
  return o.refs ?? refsFor(jobId, o.targetId);
}

/** The target as the config stores it. */
export function buildS3Target(jobId: string, o: OffsiteSection): S3TargetDto {
  const refs = sectionRefs(jobId, o);
  const endpoint = o.endpoint.trim();
  return {
    id: o.targetId,
    type: 's3',
    provider: o.provider,
    ...(endpoint ? { endpoint } : {}),
    ...(o.region.trim() ? { region: o.region.trim() } : {}),
    bucket: o.bucket.trim(),
    prefix: o.prefix.trim() ? normalisePrefix(o.prefix.trim()) : '',
    pathStyle: o.pathStyle,
    accessKeyId: o.accessKeyId.trim(),
    secretRef: refs.secretRef,
    ...(o.encrypt ? { encryption: { passphraseRef: refs.passphraseRef, ...(refs.identityRef ? { identityRef: refs.identityRef } : {}) } } : {}),
    ...(o.objectLock !== 'off' ? { objectLock: { mode: o.objectLock } } : {}),
    ...(o.storageClass ? { storageClass: o.storageClass } : {}),
    ...(o.bwlimit ? { bwlimit: o.bwlimit } : {}),
  };
}

/** The first bucket of an edited job becomes the step's; every other target is kept aside. */
export function offsiteFromJob(targets: readonly OffsiteTargetDto[] | undefined): { section: OffsiteSection; others: OffsiteTargetDto[] } {
  const list = targets ?? [];
  const s3 = list.find((t): t is S3TargetDto => t.type === 's3');
  if (!s3) return { section: initialOffsite(), others: [...list] };
  const provider = s3.provider ?? 'other';
  return {
    section: {
      ...initialOffsite(),
      enabled: true,
      targetId: s3.id,
      provider,
      endpoint: s3.endpoint ?? '',
      region: s3.region ?? S3_PRESETS[provider].defaultRegion,
      bucket: s3.bucket,
      prefix: s3.prefix,
      pathStyle: s3.pathStyle,
      accessKeyId: s3.accessKeyId,
      secretStored: true,
      encrypt: s3.encryption !== undefined,
      passphraseStored: s3.encryption?.passphraseRef !== undefined,
      objectLock: s3.objectLock?.mode ?? 'off',
      refs: {
        secretRef: s3.secretRef,
        passphraseRef: s3.encryption?.passphraseRef ?? `${s3.secretRef}-passphrase`,
        // Without one, the engine keeps the key under its own entry (kura-age.<job>.<target>): left so.
        identityRef: s3.encryption ? (s3.encryption.identityRef ?? null) : `${s3.secretRef}-age`,
      },
      storageClass: s3.storageClass,
      bwlimit: s3.bwlimit,
      // Already set up: its kit was made and confirmed when encryption was turned on.
      kitConfirmed: s3.encryption !== undefined,
    },
    others: list.filter((t) => t !== s3),
  };
}

/** Field problems, as catalogue codes (rendered by the step). */
export function validateOffsite(o: OffsiteSection): Record<string, MessageCode> {
  const e: Record<string, MessageCode> = {};
  if (!o.enabled) return e;
  if (bucketNameProblem(o.bucket.trim()) !== null) e['offsite.bucket'] = 'offsite-ui-err-bucket';
  const endpoint = o.endpoint.trim();
  if (endpoint ? !/^https?:\/\/[^\s/]+/.test(endpoint) : o.provider !== 'aws' || !o.region.trim()) e['offsite.endpoint'] = 'offsite-ui-err-endpoint';
  if (prefixProblem(o.prefix.trim()) !== null) e['offsite.prefix'] = 'offsite-ui-err-prefix';
  if (!o.accessKeyId.trim()) e['offsite.accessKeyId'] = 'offsite-ui-err-access-key';
  if (!o.secret && !o.secretStored) e['offsite.secret'] = 'offsite-ui-err-secret';
  if (o.encrypt) {
    if (!o.passphraseStored || o.passphrase) {
      if (o.passphrase.length < MIN_PASSPHRASE) e['offsite.passphrase'] = 'offsite-ui-err-passphrase-short';
      else if (o.passphrase !== o.passphrase2) e['offsite.passphrase2'] = 'offsite-ui-err-passphrase-mismatch';
    }
    if (!o.kitConfirmed) e['offsite.kit'] = 'offsite-ui-err-kit';
  }
  return e;
}

/** Days the provider bills each object at least, when the retention removes snapshots sooner (else null). */
export function earlyDeletionDays(o: OffsiteSection, retention: { keepLast: number; keepDaily: number; keepWeekly: number; keepMonthly: number }): number | null {
  const min = S3_PRESETS[o.provider].minStorageDays;
  return min > 0 && plannedLifetimeDays(retention) < min ? min : null;
}
