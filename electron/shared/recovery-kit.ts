/**
 * The recovery kit's shape, shared by the engine that builds it (engine/offsite/recovery-kit.ts) and
 * the contract that hands it to the UI as it is: one definition, and the engine never imports the
 * UI contract.
 */
export interface RecoveryKitDto {
  jobId: string;
  jobName: string;
  targetId: string;
  service: string;
  endpoint: string;
  region: string;
  pathStyle: boolean;
  bucket: string;
  prefix: string;
  /** `s3://bucket/prefix` — what `kura restore --from` takes. */
  address: string;
  accessKeyId: string;
  /** AGE-SECRET-KEY-1…: decrypts every object. Null for unencrypted copies. */
  identity: string | null;
  /** The passphrase that opens `kura-key.age` in the bucket, when one is set. */
  passphrase: string | null;
  /** Shell commands (bash: Linux, macOS, WSL or Git Bash on Windows). */
  commands: { download: string; key: string; restore: string; withKura: string };
  createdAt: string;
}
