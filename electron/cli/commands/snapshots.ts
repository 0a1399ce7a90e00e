import { isRemoteAddress } from '../../engine/offsite/remote-location.js';
import { s3Flags, S3_FLAG_OPTIONS, S3_FLAG_USAGE } from './s3-flags.js';
import { orderProblem, type SnapshotRef } from '../../engine/snapshot/snapshot-store.js';
import { manifestItemWarnings } from '../../engine/snapshot/manifest.js';
import { formatBytes, line, parseCommandArgs, usageError, writeJson, EXIT_OK, type CliIo, type Command } from '../cli-io.js';
import { cliLanguage, messageJson, say } from '../cli-language.js';
import type { Lang } from '../../shared/messages/define.js';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';

const usage = [
  'kura snapshots <jobId> [--safety] [--json]',
  '       kura snapshots --from <backup folder> [--job <jobId>] [--json]',
  '       kura snapshots --from <rsync://host/module/ | user@host::module | user@host:/path> [--job <jobId>] [--password-ref <keychain entry>] [--json]',
  '         (an off-site copy; the daemon password comes from --password-ref, the matching off-site target in config.json, or RSYNC_PASSWORD)',
  `       kura snapshots --from s3://<bucket>/<prefix> [--job <jobId>] ${S3_FLAG_USAGE} [--json]`,
  '         (a bucket; endpoint and keys from the matching off-site target in config.json, else AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,',
  '          AWS_SECRET_ACCESS_KEY; the passphrase of encrypted copies from KURA_PASSPHRASE or asked for)',
].join('\n');

export const snapshotsCommand: Command = {
  summary: 'cli-summary-snapshots',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { json: { type: 'boolean' }, from: { type: 'string' }, job: { type: 'string' }, safety: { type: 'boolean' }, 'password-ref': { type: 'string' }, ...S3_FLAG_OPTIONS },
      usage,
    );
    const from = typeof values.from === 'string' ? values.from : undefined;
    const json = Boolean(values.json);
    const lang = await cliLanguage(io);
    if (from) {
      if (positionals.length !== 0) throw usageError(msg('cli-from-no-job-id', {}), usage);
      const job = typeof values.job === 'string' ? values.job : undefined;
      if (isRemoteAddress(from)) {
        const passwordRef = typeof values['password-ref'] === 'string' ? values['password-ref'] : undefined;
        const remote = await io.engine().remoteSnapshots(from, { jobId: job, passwordRef, s3: s3Flags(values, io, usage), signal: io.signal });
        printSnapshots(io, lang, remote.map((s) => ({ id: s.id, path: s.address, manifest: s.manifest, outOfOrder: orderProblem(s.id, s.manifest, new Date()) })), json, msg('cli-no-snapshots-at', { address: from }));
        return EXIT_OK;
      }
      printSnapshots(io, lang, await io.engine().snapshotsInFolder(from, typeof values.job === 'string' ? values.job : undefined), json, msg('cli-no-snapshots-at', { address: from }));
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw usageError(msg('cli-expected-job-id', {}), usage);
    const jobId = positionals[0]!;
    if (values.safety) {
      const safety = await io.engine().safetyBackups(jobId);
      if (json) writeJson(io, safety);
      else if (safety.length === 0) line(io, say(msg('cli-no-safety-backups', { job: jobId }), lang));
      else for (const s of safety) line(io, `${s.id}  ${s.files.map((f) => `${f.name} (${formatBytes(f.bytes, lang)})`).join(', ')}  ${s.path}`);
      return EXIT_OK;
    }
    const engine = io.engine();
    printSnapshots(io, lang, await engine.snapshots(jobId), json, msg('cli-no-snapshots-of-job', { job: jobId }), await engine.unusableSnapshots(jobId));
    return EXIT_OK;
  },
};

function printSnapshots(io: CliIo, lang: Lang, snaps: SnapshotRef[], json: boolean, none: MessageData, unusable: Array<{ id: string; path: string; reason: MessageData }> = []): void {
  if (json) {
    writeJson(
      io,
      snaps.map((s) => ({
        id: s.id,
        job: s.manifest.job,
        status: s.manifest.status,
        path: s.path,
        startedAt: s.manifest.startedAt,
        finishedAt: s.manifest.finishedAt,
        verified: s.manifest.verified ?? null,
        outOfOrder: s.outOfOrder ? messageJson(s.outOfOrder, lang) : null,
        // Every item with its status: the verified ones ('ok', or 'warning' with its warnings) and the
        // ones this run could not back up ('failed', with code and message; no data).
        items: [
          ...s.manifest.items.map((i) => ({ ...i, status: manifestItemWarnings(i).length > 0 ? 'warning' : 'ok' })),
          ...s.manifest.failed.map((f) => ({ ...f, status: 'failed' })),
        ],
      })),
    );
    return;
  }
  if (snaps.length === 0) line(io, say(none, lang));
  for (const s of snaps) {
    const bytes = s.manifest.items.reduce((a, i) => a + i.bytes, 0);
    const items = s.manifest.items.map((i) => (i.type === 'mysql' ? `mysql:${i.source}/${i.database}` : `${i.type}:${i.source}`)).join(', ');
    const verified = s.manifest.verified ? `  ${say(msg('cli-snapshot-verified', { at: s.manifest.verified.at }), lang)}` : '';
    line(io, `${s.id}  ${s.manifest.job}  ${s.manifest.status.padEnd(8)}  ${formatBytes(bytes, lang).padStart(10)}  ${items}${verified}`);
    for (const f of s.manifest.failed) line(io, `    ${say(msg('cli-snapshot-not-in', { item: `${f.type}:${f.source}${f.database ? `/${f.database}` : ''}`, reason: f.message }), lang)}`);
    if (s.outOfOrder) line(io, `    ${say(msg('cli-snapshot-out-of-order', { reason: nestedMessage(s.outOfOrder) }), lang)}`);
  }
  for (const u of unusable) line(io, `${u.id}  ${say(msg('cli-snapshot-unusable', { reason: nestedMessage(u.reason), path: u.path }), lang)}`);
}
