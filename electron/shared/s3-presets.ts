/**
 * The S3-compatible services a Japanese shop is likely to use, with what Kura must know about each:
 * how its endpoint is spelled, whether it offers S3 Object Lock (the ransomware-proof copies), and
 * its minimum storage duration — Wasabi bills every object for 90 days even when it is deleted
 * sooner, so a retention policy that prunes after a week costs the full 90 days per object, and
 * Kura says so before it prunes.
 *
 * Shared by the engine (defaults, the pruning warning) and the setup wizard (the preset picker).
 * Facts as of 2025; `other` takes any endpoint and assumes nothing.
 */
import { msg, type MessageData } from './messages/index.js';

export type S3ProviderId = 'aws' | 'wasabi' | 'sakura' | 'r2' | 'other';

export interface S3Preset {
  id: S3ProviderId;
  /** Shown in the picker (a brand name: the same in every language). */
  label: string;
  /** The endpoint for a region; null: the admin types it (or AWS derives it from the region). */
  endpoint: (region: string) => string | null;
  /** Regions offered first (Japanese ones for the services that have them). */
  regions: readonly string[];
  defaultRegion: string;
  /** Path-style addressing (`endpoint/bucket/key`) instead of `bucket.endpoint/key`. */
  pathStyle: boolean;
  /** Whether buckets can have S3 Object Lock (retention dates that no key can shorten). */
  objectLock: boolean;
  /** Days every object is billed for, even when deleted sooner (0: none). */
  minStorageDays: number;
}

export const S3_PRESETS: Readonly<Record<S3ProviderId, S3Preset>> = {
  aws: {
    id: 'aws',
    label: 'Amazon S3',
    endpoint: (region) => `https://s3.${region}.amazonaws.com`,
    regions: ['ap-northeast-1', 'ap-northeast-3', 'us-east-1'],
    defaultRegion: 'ap-northeast-1',
    pathStyle: false,
    objectLock: true,
    minStorageDays: 0,
  },
  wasabi: {
    id: 'wasabi',
    label: 'Wasabi',
    endpoint: (region) => `https://s3.${region}.wasabisys.com`,
    regions: ['ap-northeast-1', 'ap-northeast-2'],
    defaultRegion: 'ap-northeast-1',
    pathStyle: false,
    objectLock: true,
    minStorageDays: 90,
  },
  sakura: {
    id: 'sakura',
    label: 'さくらのクラウド オブジェクトストレージ',
    endpoint: () => 'https://s3.isk01.sakurastorage.jp',
    regions: ['jp-north-1'],
    defaultRegion: 'jp-north-1',
    pathStyle: true,
    objectLock: false,
    minStorageDays: 0,
  },
  r2: {
    id: 'r2',
    label: 'Cloudflare R2',
    // https://<account id>.r2.cloudflarestorage.com: the account id is the admin's.
    endpoint: () => null,
    regions: ['auto'],
    defaultRegion: 'auto',
    pathStyle: true,
    objectLock: false,
    minStorageDays: 0,
  },
  other: {
    id: 'other',
    label: 'S3',
    endpoint: () => null,
    regions: ['us-east-1'],
    defaultRegion: 'us-east-1',
    pathStyle: true,
    objectLock: false,
    minStorageDays: 0,
  },
};

/** The preset an endpoint belongs to (for a config written by hand). */
export function presetForEndpoint(endpoint: string | undefined): S3Preset {
  if (!endpoint) return S3_PRESETS.aws;
  const host = (() => {
    try {
      return new URL(endpoint).hostname;
    } catch {
      return '';
    }
  })();
  if (host.endsWith('.amazonaws.com')) return S3_PRESETS.aws;
  if (host.endsWith('.wasabisys.com')) return S3_PRESETS.wasabi;
  if (host.endsWith('.sakurastorage.jp')) return S3_PRESETS.sakura;
  if (host.endsWith('.r2.cloudflarestorage.com')) return S3_PRESETS.r2;
  return S3_PRESETS.other;
}

/** S3's bucket naming rule (3–63 lower-case letters, digits, "." and "-"), which every service here follows. */
export function bucketNameProblem(name: string): MessageData | null {
  if (name.length < 3 || name.length > 63) return msg('field-bucket-length', {});
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return msg('field-bucket-chars', {});
  if (/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name)) return msg('field-bucket-dots', {});
  return null;
}

/** A prefix inside the bucket: "" or "shop/" style, no leading "/", no "." or ".." parts, no control characters. */
export function prefixProblem(prefix: string): MessageData | null {
  if (prefix === '') return null;
  if (prefix.startsWith('/')) return msg('field-prefix-slash', {});
  if ([...prefix].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return msg('field-prefix-control', {});
  const parts = prefix.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return msg('field-prefix-parts', {});
  if (prefix.length > 512) return msg('field-prefix-long', {});
  return null;
}

/** "shop" and "shop/" mean the same folder; "" is the bucket's top. */
export function normalisePrefix(prefix: string): string {
  return prefix === '' ? '' : prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/**
 * How long a snapshot is planned to be kept under a retention policy, in days: what an Object Lock
 * must cover, and what to compare with a provider's minimum storage duration.
 */
export function plannedLifetimeDays(r: { keepLast: number; keepDaily: number; keepWeekly: number; keepMonthly: number }): number {
  return Math.max(r.keepLast, r.keepDaily, r.keepWeekly * 7, r.keepMonthly * 31) + 1;
}

/** AWS's endpoint for a region (written out, so an AWS_ENDPOINT_URL in the environment cannot redirect it). */
export function awsEndpoint(region: string): string {
  return `https://s3.${region}.amazonaws.com`;
}

export function isAwsEndpoint(endpoint: string): boolean {
  try {
    return new URL(endpoint).hostname.endsWith('.amazonaws.com');
  } catch {
    return false;
  }
}
