/**
 * The recovery kit of an encrypted S3 target: everything a shop needs to get its backups back from
 * the bucket when the PC, Kura and its keychain are all gone — where the copies are, the key that
 * decrypts them (and the passphrase that opens the key file in the bucket), and three commands that
 * restore a snapshot with nothing but rclone and age.
 *
 * Kura shows it at setup (printed or saved as a PDF, in the admin's language) and does not turn
 * encryption on until the admin confirms it is kept somewhere safe: without the key the copies
 * cannot be decrypted by anyone. The commands are the README's "Restoring from a bucket by hand"
 * with this target's values filled in; a test runs them with Debian's rclone and age.
 */
import { awsEndpoint, isAwsEndpoint, normalisePrefix, presetForEndpoint, S3_PRESETS } from '../../shared/s3-presets.js';
import type { RecoveryKitDto } from '../../shared/recovery-kit.js';
import type { S3Target } from '../config/schema.js';

/** The kit's shape is the contract's: the service hands it to the UI as it is. */
export type RecoveryKit = RecoveryKitDto;

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The three commands of the by-hand restore, for any target (the README shows them with placeholders). */
export function byHandCommands(v: { endpoint: string; region: string; pathStyle: boolean; bucket: string; prefix: string; jobId: string; accessKeyId: string; encrypted: boolean }): RecoveryKit['commands'] {
  const folder = `${v.bucket}/${normalisePrefix(v.prefix)}${v.jobId}`;
  const download =
    `AWS_ACCESS_KEY_ID=${q(v.accessKeyId)} AWS_SECRET_ACCESS_KEY="$SECRET_ACCESS_KEY" ` +
    `rclone copy --s3-provider Other --s3-env-auth --s3-endpoint ${q(v.endpoint)} --s3-region ${q(v.region)} ${v.pathStyle ? '' : '--s3-force-path-style=false '}${q(`:s3:${folder}`)} kura-copy`;
  const key = v.encrypted ? 'age -d -o kura-key.txt kura-copy/kura-key.age' : 'true  # not encrypted: no key needed';
  const age = (args: string) => (v.encrypted ? `age -d -i kura-key.txt ${args}` : `cat ${args.replace(/^-o ("[^"]+") /, '> $1 ')}`);
  const ext = v.encrypted ? '.age' : '';
  const restore = [
    `S=$(ls kura-copy/snapshots/*/manifest.json${ext} | tail -n 1 | cut -d/ -f3); O="kura-restore/$S"; mkdir -p "$O"`,
    `${v.encrypted ? `age -d -i kura-key.txt "kura-copy/snapshots/$S/index${ext}"` : `cat "kura-copy/snapshots/$S/index"`} | tail -n +2 | while IFS=$'\\t' read -r k o h s m md r p; do p=\${p//\\\\/\\\\\\\\}; p=$(printf '%b' "\${p//%/\\\\x}"); case $k in d) mkdir -p "$O/$p";; f) mkdir -p "$(dirname "$O/$p")" && ${age(`-o "$O/$p" "kura-copy/$o"`)} && chmod "$md" "$O/$p";; l) ln -sfn "$(${v.encrypted ? 'age -d -i kura-key.txt' : 'cat'} "kura-copy/$o")" "$O/$p";; esac; done`,
    `${age(`-o "$O/manifest.json" "kura-copy/snapshots/$S/manifest.json${ext}"`)}`,
  ].join('\n');
  return { download, key, restore, withKura: `kura restore --from ${q(`s3://${v.bucket}/${normalisePrefix(v.prefix)}`)} latest --source <source> …` };
}

export function recoveryKit(input: { jobId: string; jobName: string; target: S3Target; identity: string | null; passphrase: string | null; now: Date }): RecoveryKit {
  const t = input.target;
  const endpoint = t.endpoint ?? awsEndpoint(t.region ?? 'us-east-1');
  const preset = S3_PRESETS[t.provider ?? presetForEndpoint(endpoint).id];
  const region = t.region ?? (isAwsEndpoint(endpoint) ? 'us-east-1' : preset.defaultRegion);
  const prefix = normalisePrefix(t.prefix);
  return {
    jobId: input.jobId,
    jobName: input.jobName,
    targetId: t.id,
    service: preset.label,
    endpoint,
    region,
    pathStyle: t.pathStyle,
    bucket: t.bucket,
    prefix,
    address: `s3://${t.bucket}/${prefix}`,
    accessKeyId: t.accessKeyId,
    identity: input.identity,
    passphrase: input.passphrase,
    commands: byHandCommands({ endpoint, region, pathStyle: t.pathStyle, bucket: t.bucket, prefix, jobId: input.jobId, accessKeyId: t.accessKeyId, encrypted: input.identity !== null }),
    createdAt: input.now.toISOString(),
  };
}
