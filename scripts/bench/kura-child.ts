/**
 * Runs one Kura operation in its own process for the benchmark, so its peak memory (VmHWM, which
 * includes the compression worker threads) is Kura's alone, then prints one JSON line:
 *   { ok, ms, maxRssKb, cpu, detail }   (cpu: CPU seconds of this process, and of the clients it ran)
 *
 *   kura-child.ts job <config.json> <kuraHome>        a backup run (the code `kura run` calls: runJob)
 *   kura-child.ts files-nohash '{"src","dest","home"}'   a files item's copy without its per-file hashes
 *                                                     (the first files snapshot's anchor)
 *   kura-child.ts restore-mysql <request.json>        pre-restore check + MySQL restore (what
 *                                                     `kura restore` does for a MySQL item)
 *   kura-child.ts offsite-s3 <request.json>           one night's off-site copy of a snapshot to an S3
 *                                                     bucket, encrypted (what the off-site step does)
 *   kura-child.ts offsite-s3-setup <request.json>     the bucket's job folder and key file (what the
 *                                                     setup wizard does once, with the recovery kit)
 * Passwords come in the environment (KURA_BENCH_SECRETS, a JSON object ref → value), never in files.
 * `ms` is the operation alone: a scheduled run happens inside the already-running daemon, so the
 * process start-up (tsx compiling the sources) is not part of what an admin waits for.
 */
import { readFile } from 'node:fs/promises';
import { procCpu } from './proc-cpu.js';
import { dirname } from 'node:path';
import { configSchema, retentionSchema, s3TargetSchema } from '../../electron/engine/config/schema.js';
import { listSnapshotsIn } from '../../electron/engine/snapshot/snapshot-store.js';
import { openS3Target } from '../../electron/engine/storage/open-location.js';
import { runJob } from '../../electron/engine/jobs/run-job.js';
import { restoreMysqlItem } from '../../electron/engine/restore/mysql-restore.js';
import { createMemorySecretStore } from '../../electron/engine/secrets/secret-store.js';
import type { MysqlManifestItem } from '../../electron/engine/snapshot/manifest.js';
import { verifyItem } from '../../electron/engine/snapshot/verify-snapshot.js';
import { detectMysqlClient } from '../../electron/engine/tools/mysql/index.js';
import { createToolResolver } from '../../electron/engine/tools/resolve-tool.js';
import { detectRsync, pullFiles, rsyncHomeOptions, type PullFilesOptions } from '../../electron/engine/tools/rsync/index.js';
import { findTornFiles } from '../../electron/engine/jobs/sources/torn-files.js';
import { treeStats } from '../../electron/engine/util/tree-stats.js';
import { DurableWrite } from '../../electron/engine/snapshot/durable-files.js';

export interface ChildResult {
  ok: boolean;
  ms: number;
  maxRssKb: number;
  /** CPU seconds (user + system) of this process (inflating, rewriting, feeding) and of the processes it ran and waited for (the mysql clients). */
  cpu?: { own: number; children: number };
  detail: unknown;
}

export interface OffsiteS3Request {
  home: string;
  jobId: string;
  snapshotRoot: string;
  snapshotId: string;
  target: unknown;
}

export interface RestoreMysqlRequest {
  snapshotPath: string;
  item: MysqlManifestItem;
  host: string;
  port: number;
  user: string;
  passwordRef: string;
  toDatabase: string;
  /** Connections loading tables at once (1 = one stream); default: the engine's. */
  connections?: number;
  /** Only this table. */
  table?: string;
  /** False: the parallel import creates tables with all their keys (the behaviour before deferred keys, to compare). */
  deferKeys?: boolean;
}

/**
 * KURA_BENCH_MEMORY=1: samples process.memoryUsage() every 50 ms and reports, in `detail.memory`, the
 * sample with the highest RSS — which part of it is the JavaScript heap, and which Buffers outside it.
 */
function memorySampler(): () => Record<string, number> | undefined {
  if (process.env['KURA_BENCH_MEMORY'] !== '1') return () => undefined;
  let top = process.memoryUsage();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > top.rss) top = m;
  }, 50);
  timer.unref();
  return () => {
    clearInterval(timer);
    return Object.fromEntries(Object.entries(top).map(([k, v]) => [k, Math.round(v / 1048576)]));
  };
}

async function main(): Promise<void> {
  const memory = memorySampler();
  const [op, a, b] = process.argv.slice(2);
  const secrets = createMemorySecretStore(JSON.parse(process.env['KURA_BENCH_SECRETS'] ?? '{}') as Record<string, string>);
  const tools = createToolResolver();
  const started = performance.now();
  let ok = false;
  let detail: unknown;
  switch (op) {
    case 'job': {
      const config = configSchema.parse(JSON.parse(await readFile(a!, 'utf8')));
      const job = config.jobs[0]!;
      const r = await runJob({ home: b!, secrets, tools, now: () => new Date(), kuraVersion: 'bench' }, job, { trigger: 'manual' });
      ok = r.status === 'success';
      detail = { status: r.status, error: r.error, snapshot: r.snapshot, items: r.items, logFile: r.logFile };
      break;
    }
    case 'files-nohash': {
      // The anchor of the first files snapshot's row: Kura's files item as it was before per-file hashes
      // — the same rsync with the same options and output read (pullFiles, as files-source.ts calls it),
      // the torn-file check, the tree written out to the disk while a walk counts files and bytes (as
      // the list's walk does: snapshot/durable-files.ts) — without the hashing and the list (and
      // without the run around it: lock, manifest, retention, which the Kura side of the row includes).
      const req = JSON.parse(a!) as { src: string; dest: string; home: string };
      const client = await detectRsync(tools, rsyncHomeOptions(req.home));
      const pull: PullFilesOptions = { client, location: { kind: 'local', path: req.src }, password: null, destDir: req.dest, linkDestDir: null, exclude: [] };
      let onDisk: DurableWrite | null = null;
      const t0 = performance.now();
      const r = await pullFiles({ ...pull, reportTransferred: true, onProgress: () => {}, onStarted: () => (onDisk = new DurableWrite()) });
      const copied = performance.now();
      const torn = await findTornFiles({ pull, transferred: r.transferred, destDir: req.dest });
      onDisk ??= new DurableWrite();
      onDisk.start(req.dest);
      const checked = performance.now();
      const tree = await treeStats(req.dest);
      const walked = performance.now();
      await onDisk.finish([]);
      ok = torn.paths.length === 0;
      // Where the time went (files-ab.ts --anchor prints it beside Kura's own log lines).
      const ms = (x: number) => Math.round(x);
      detail = { files: tree.files, bytes: tree.bytes, phases: { copyMs: ms(copied - t0), tornMs: ms(checked - copied), walkMs: ms(walked - checked), diskMs: ms(performance.now() - walked) } };
      break;
    }
    case 'restore-mysql': {
      const req = JSON.parse(await readFile(a!, 'utf8')) as RestoreMysqlRequest;
      const check = await verifyItem(req.snapshotPath, req.item, undefined, 'before-restore');
      if (!check.ok) {
        detail = check;
        break;
      }
      const out = await restoreMysqlItem({
        client: await detectMysqlClient(tools),
        target: { host: req.host, port: req.port, user: req.user, password: await secrets.get(req.passwordRef) },
        item: req.item,
        file: `${req.snapshotPath}/${req.item.path}`,
        toDatabase: req.toDatabase,
        safetyBackup: { dir: dirname(req.snapshotPath) + '/safety' },
        stripDefiners: false,
        ...(req.connections !== undefined ? { connections: req.connections } : {}),
        ...(req.table !== undefined ? { table: req.table } : {}),
        ...(req.deferKeys === false ? { deferKeys: false } : {}),
      });
      ok = out.status === 'success';
      detail = { status: out.status, error: out.error, verification: out.verification.filter((c) => !c.ok) };
      break;
    }
    case 'offsite-s3-setup': {
      // What the setup wizard does once (the recovery kit): the job's folder, its key and key file.
      const req = JSON.parse(await readFile(a!, 'utf8')) as OffsiteS3Request;
      const loc = await openS3Target(req.jobId, s3TargetSchema.parse(req.target), retentionSchema.parse({}), { home: req.home, secrets, tools, config: null });
      detail = await loc.prepareJob(req.jobId);
      await loc.close();
      ok = true;
      break;
    }
    case 'offsite-s3': {
      const req = JSON.parse(await readFile(a!, 'utf8')) as OffsiteS3Request;
      const target = s3TargetSchema.parse(req.target);
      const loc = await openS3Target(req.jobId, target, retentionSchema.parse({}), { home: req.home, secrets, tools, config: null });
      const snaps = await listSnapshotsIn(req.snapshotRoot, req.jobId);
      const local = snaps.find((x) => x.id === req.snapshotId)!;
      const there = await loc.listSnapshots(req.jobId);
      const r = await loc.writeSnapshot(local, there.at(-1) ?? null);
      await loc.close();
      ok = true;
      detail = r;
      break;
    }
    default:
      throw new Error(`unknown operation ${op}`);
  }
  const peak = memory();
  if (peak) detail = { ...(detail as object), memory: peak };
  const result: ChildResult = { ok, ms: Math.round(performance.now() - started), maxRssKb: process.resourceUsage().maxRSS, cpu: { own: await procCpu('self', 'own'), children: await procCpu('self', 'children') }, detail };
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
