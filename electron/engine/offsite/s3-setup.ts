/**
 * Setting up an S3 target, before its job is saved: test what the keys can see (the bucket, whether
 * it has Object Lock, whether Kura's folder is there already), and make the recovery kit — which
 * creates the job's folder in the bucket with its key file first, so the kit printed is exactly what
 * opens the bucket (an existing folder's key is opened with the passphrase, never replaced).
 */
import { retentionSchema, s3TargetSchema, type S3Target } from '../config/schema.js';
import { fieldProblems } from '../../shared/messages/field-problems.js';
import { fieldProblemList } from '../../shared/messages/index.js';
import { KuraError } from '../errors.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { openS3Target } from '../storage/open-location.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { recoveryKit, type RecoveryKit } from './recovery-kit.js';

export interface S3SetupDeps {
  home: string;
  secrets: SecretStore;
  tools: ToolResolver;
  now: () => Date;
  signal?: AbortSignal;
}

function parseTarget(input: unknown): S3Target {
  const r = s3TargetSchema.safeParse(input);
  if (!r.success) throw new KuraError({ code: 'config-invalid', params: { origin: 'S3', problems: fieldProblemList(fieldProblems(r.error)) }, category: 'config' });
  return r.data;
}

export async function testS3Target(jobId: string, input: unknown, deps: S3SetupDeps) {
  const target = parseTarget(input);
  const loc = await openS3Target(jobId, target, retentionSchema.parse({}), { ...deps, config: null });
  try {
    return await loc.probe(jobId, { signal: deps.signal });
  } finally {
    await loc.close();
  }
}

export async function makeRecoveryKit(jobId: string, jobName: string, input: unknown, retention: unknown, deps: S3SetupDeps): Promise<RecoveryKit> {
  const target = parseTarget(input);
  const loc = await openS3Target(jobId, target, retentionSchema.parse(retention ?? {}), { ...deps, config: null });
  try {
    const { identity } = await loc.prepareJob(jobId, { signal: deps.signal });
    const passphrase = target.encryption?.passphraseRef ? await deps.secrets.get(target.encryption.passphraseRef) : null;
    return recoveryKit({ jobId, jobName, target, identity, passphrase, now: deps.now() });
  } finally {
    await loc.close();
  }
}
