/**
 * Live restore: put an RDB snapshot back into a running Redis over the network, key by key, with
 * `RESTORE key ttl payload REPLACE`.
 *
 * Why this is the default: it needs no restart, no access to the server's files and no service
 * command, so it works on a remote or managed server exactly like on localhost, and the server keeps
 * answering while it runs. Every value goes in as the server's own DUMP payload (restore-payload.ts),
 * so Redis rebuilds each type and encoding itself.
 *
 * Flow (the caller has already validated the whole file — see redis-restore.ts for why that comes
 * first):
 *   1. preflight on the target (RDB version, modules, replica, databases): nothing changed yet;
 *   2. `flush`: FLUSHALL (+ FUNCTION FLUSH on Redis 7) so the target ends up equal to the backup;
 *   3. walk the file; FUNCTION2 records → `FUNCTION RESTORE … REPLACE`; keys → `SELECT` when the
 *      database changes, then `RESTORE … [ABSTTL] [IDLETIME|FREQ] REPLACE`, skipping keys whose
 *      expiry passed since the backup;
 *   4. verify keys per database against the manifest.
 *
 * Memory is bounded: the reader holds one window of the file, commands are sent in batches of at
 * most `batchKeys` keys / `batchBytes` bytes, and at most `maxInFlight` batches are unanswered at
 * once (the next batch is built while the server works on the previous ones, which is where the
 * speed comes from). So the peak is about maxInFlight × batchBytes plus the largest single key.
 */
import { stat } from 'node:fs/promises';
import { KuraError, throwIfCancelled } from '../../errors.js';
import type { Logger, ProgressListener } from '../../progress.js';
import type { RestoreCheck } from '../../restore/types.js';
import { RdbReader, type RdbEntry } from './rdb-reader.js';
import { redisReplyError } from './redis-errors.js';
import { describeTarget, type RedisTarget } from './redis-target.js';
import { connectRedis, type RespClient } from './resp-client.js';
import type { RespArg, RespValue } from './resp-parser.js';
import { functionRestorePayload, restorePayload, versionAtLeast } from './restore-payload.js';
import { msg, type MessageData } from '../../../shared/messages/index.js';
import {
  checkCompatible,
  checkDatabases,
  describeModuleType,
  keysPerDbNow,
  moduleMissing,
  probeTarget,
  targetTooOld,
  totalKeys,
  type RdbNeeds,
  type TargetFacts,
} from './restore-preflight.js';

export interface LiveRestoreOptions {
  target: RedisTarget;
  file: string;
  /** What validateRdbFile found in the file. */
  needs: RdbNeeds;
  /** Keys per database the manifest recorded at backup time. */
  expectedKeysPerDb: Record<string, number>;
  flush: boolean;
  /** For progress events. */
  sourceId: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  logger?: Logger;
  /** Tuning (tests use tiny values to exercise batching). */
  batchKeys?: number;
  batchBytes?: number;
  maxInFlight?: number;
  /** Told before the server is first changed (the restore journal records each step first). */
  onStep?: (step: 'flush' | 'sending' | 'verify') => Promise<void>;
}

export interface LiveRestoreResult {
  verification: RestoreCheck[];
  keys: number;
  /** Bytes of payload sent. */
  bytes: number;
  skippedExpired: number;
  functions: number;
  durationMs: number;
}

/** What one queued command was, to explain its error reply. */
type Sent = { kind: 'select'; db: number } | { kind: 'key'; db: number; key: Buffer; moduleType: string | null } | { kind: 'function' };

interface Batch {
  commands: RespArg[][];
  sent: Sent[];
  bytes: number;
  keys: number;
}

const PROGRESS_INTERVAL_MS = 200;
/** TTL keys expiring later than this after the start cannot vanish before verification: not tracked. */
const EXPIRY_HORIZON_MS = 24 * 3_600_000;

/**
 * Runs the live restore, appending what it did to `steps` as it goes (so that a failure halfway
 * still reports what was done). Throws KuraErrors.
 */
export async function restoreLive(opts: LiveRestoreOptions, steps: MessageData[]): Promise<LiveRestoreResult> {
  const { target, logger, needs } = opts;
  const where = describeTarget(target);
  const started = Date.now();
  const client = await connectRedis(target, { signal: opts.signal, logger, replyTimeoutMs: 300_000 });
  try {
    const facts = await probeTarget(client);
    checkCompatible(facts, needs, target);
    const dbs = Object.keys(needs.keysPerDb).map(Number);
    await checkDatabases(client, dbs, target);
    steps.push(msg('redis-restore-checked-target', { version: facts.version, where, rdbVersion: needs.rdbVersion }));
    throwIfCancelled(opts.signal);

    if (opts.flush) {
      await opts.onStep?.('flush');
      const before = totalKeys(facts.keysPerDb);
      opts.onProgress?.({ kind: 'step', sourceId: opts.sourceId, step: 'flush', message: msg('progress-redis-flush', { where }) });
      await client.call('FLUSHALL');
      if (versionAtLeast(facts.version, 7)) await client.call('FUNCTION', 'FLUSH', 'SYNC');
      steps.push(msg('redis-restore-flushed', { commands: flushCommands(facts.version), count: before }));
    }

    const state = new Walk(opts, client, facts, steps);
    await opts.onStep?.('sending');
    await state.run();
    const durationMs = Date.now() - started;
    await opts.onStep?.('verify');
    const verification = await state.verify();
    return { verification, keys: state.keys, bytes: state.bytes, skippedExpired: state.skippedTotal, functions: state.functionsDone, durationMs };
  } finally {
    await client.close();
  }
}

class Walk {
  keys = 0;
  bytes = 0;
  skippedTotal = 0;
  functionsDone = 0;
  private readonly restoredPerDb: Record<string, number> = {};
  private readonly skippedPerDb: Record<string, number> = {};
  /** Expiry times of restored keys that may expire before verification, per database. */
  private readonly soonExpiring = new Map<number, number[]>();
  private readonly absTtl: boolean;
  private readonly hints: boolean;
  private readonly batchKeys: number;
  private readonly batchBytes: number;
  private readonly maxInFlight: number;
  private readonly inFlight: Promise<void>[] = [];
  private lastProgress = 0;
  private fileOffset = 0;
  private fileSize = 0;
  private readonly started = Date.now();

  constructor(
    private readonly opts: LiveRestoreOptions,
    private readonly client: RespClient,
    private readonly facts: TargetFacts,
    private readonly steps: MessageData[],
  ) {
    // ABSTTL, IDLETIME and FREQ arrived together in Redis 5.0.
    this.absTtl = versionAtLeast(facts.version, 5);
    this.hints = this.absTtl;
    this.batchKeys = opts.batchKeys ?? 2000;
    this.batchBytes = opts.batchBytes ?? 4 * 1024 * 1024;
    this.maxInFlight = opts.maxInFlight ?? 3;
  }

  async run(): Promise<void> {
    const { opts } = this;
    const expectedTotal = totalKeys(opts.expectedKeysPerDb);
    opts.onProgress?.({ kind: 'step', sourceId: opts.sourceId, step: 'restore', message: msg('progress-redis-restore-keys', { count: expectedTotal }) });
    const reader = await RdbReader.open(opts.file, { signal: opts.signal });
    let functionsQueued = 0;
    let db = -1;
    let batch = newBatch();
    try {
      this.fileSize = (await stat(opts.file)).size;
      for (;;) {
        const entry = await reader.next();
        // FUNCTION2 records are metadata between keys (Redis writes them before the databases).
        while (functionsQueued < reader.functions.length) {
          const payload = functionRestorePayload(reader.functions[functionsQueued++]!, reader.rdbVersion);
          batch.commands.push(['FUNCTION', 'RESTORE', payload, 'REPLACE']);
          batch.sent.push({ kind: 'function' });
          batch.bytes += payload.length;
        }
        if (entry === null) break;
        this.fileOffset = reader.offset;
        const now = Date.now();
        if (entry.expireAtMs !== null && entry.expireAtMs <= now) {
          this.skippedPerDb[entry.db] = (this.skippedPerDb[entry.db] ?? 0) + 1;
          this.skippedTotal++;
          continue;
        }
        if (entry.db !== db) {
          db = entry.db;
          batch.commands.push(['SELECT', db]);
          batch.sent.push({ kind: 'select', db });
        }
        const payload = restorePayload(entry.type, entry.raw, reader.rdbVersion);
        batch.commands.push(this.restoreCommand(entry, payload, now));
        batch.sent.push({ kind: 'key', db: entry.db, key: entry.key, moduleType: entry.moduleType });
        batch.bytes += payload.length + entry.key.length;
        batch.keys++;
        if (entry.expireAtMs !== null && entry.expireAtMs < this.started + EXPIRY_HORIZON_MS) {
          const list = this.soonExpiring.get(entry.db) ?? [];
          list.push(entry.expireAtMs);
          this.soonExpiring.set(entry.db, list);
        }
        if (batch.keys >= this.batchKeys || batch.bytes >= this.batchBytes) {
          await this.send(batch);
          batch = newBatch(); // the connection stays on `db`: no SELECT needed at a batch start
        }
      }
      await this.send(batch);
      await this.drain();
    } catch (err) {
      // Let in-flight replies settle so the partial counts below are true, then report.
      await Promise.allSettled(this.inFlight);
      const progress = { keys: this.keys, count: expectedTotal };
      this.steps.push(opts.flush ? msg('redis-restore-stopped-flushed', progress) : msg('redis-restore-stopped-mixed', progress));
      throw err;
    } finally {
      await reader.close();
    }
    this.progress(true);
    const took = Math.max(1, Date.now() - this.started);
    if (this.functionsDone > 0) this.steps.push(msg('redis-restore-functions', { count: this.functionsDone }));
    const dbs = Object.keys(this.restoredPerDb).sort((a, b) => Number(a) - Number(b));
    this.steps.push(
      msg('redis-restore-keys-done', { count: this.keys, dbs: dbs.map((db) => `db${db}`).join(', ') || '—', bytes: this.bytes, took, rate: Math.round(this.keys / (took / 1000)) }),
    );
    if (this.skippedTotal > 0) this.steps.push(msg('redis-restore-skipped-expired', { count: this.skippedTotal }));
    if (!opts.flush) this.steps.push(msg('redis-restore-kept-others', {}));
  }

  private restoreCommand(entry: RdbEntry, payload: Buffer, now: number): RespArg[] {
    const cmd: RespArg[] = ['RESTORE', entry.key];
    if (entry.expireAtMs === null) cmd.push(0, payload);
    else if (this.absTtl) cmd.push(entry.expireAtMs, payload, 'ABSTTL');
    else cmd.push(Math.max(1, entry.expireAtMs - now), payload);
    if (this.hints) {
      // An RDB carries at most one of them (by the source's maxmemory-policy); RESTORE refuses both.
      if (entry.idleSeconds !== null) cmd.push('IDLETIME', entry.idleSeconds);
      else if (entry.lfuFreq !== null) cmd.push('FREQ', entry.lfuFreq);
    }
    cmd.push('REPLACE');
    return cmd;
  }

  /** Queues a batch; waits for the oldest when too many are unanswered. */
  private async send(batch: Batch): Promise<void> {
    if (batch.commands.length === 0) return;
    throwIfCancelled(this.opts.signal);
    while (this.inFlight.length >= this.maxInFlight) await this.inFlight.shift()!;
    const offsetAtSend = this.fileOffset;
    const p = this.client.pipeline(batch.commands).then((replies) => this.settle(batch, replies, offsetAtSend));
    p.catch(() => {});
    this.inFlight.push(p);
  }

  private async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift()!;
  }

  private settle(batch: Batch, replies: RespValue[], offsetAtSend: number): void {
    for (let i = 0; i < replies.length; i++) {
      const r = replies[i]!;
      const sent = batch.sent[i]!;
      if (r.kind === 'error') throw this.replyError(r.message, sent);
      if (sent.kind === 'key') {
        this.restoredPerDb[sent.db] = (this.restoredPerDb[sent.db] ?? 0) + 1;
        this.keys++;
      } else if (sent.kind === 'function') {
        this.functionsDone++;
      }
    }
    this.bytes += batch.bytes;
    this.progress(false, offsetAtSend);
  }

  private progress(force: boolean, offset = this.fileSize): void {
    const now = Date.now();
    if (!force && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    const { sourceId } = this.opts;
    this.opts.onProgress?.({ kind: 'files', sourceId, files: this.keys, bytes: this.bytes, totalFiles: totalKeys(this.opts.expectedKeysPerDb) });
    this.opts.onProgress?.({ kind: 'bytes', sourceId, bytes: offset, totalBytes: this.fileSize });
  }

  private replyError(message: string, sent: Sent): KuraError {
    const { target } = this.opts;
    const where = describeTarget(target);
    // What was sent, as the command it was: the same in every language.
    const what = sent.kind === 'key' ? `RESTORE ${describeKey(sent.key)} (db${sent.db})` : sent.kind === 'function' ? 'FUNCTION RESTORE' : `SELECT ${sent.db}`;
    const detail = message;
    const rejected = () => new KuraError({ code: 'redis-restore-rejected', params: { where, what, reply: message }, category: 'data', detail });
    if (/payload version or checksum are wrong/i.test(message)) {
      if (this.facts.maxRdbVersion === null || this.opts.needs.rdbVersion > this.facts.maxRdbVersion) {
        return targetTooOld(where, this.facts.version, this.opts.needs.rdbVersion);
      }
      return rejected();
    }
    if (sent.kind === 'key' && sent.moduleType !== null) return moduleMissing(where, describeModuleType(sent.moduleType), detail);
    if (/^OOM/i.test(message)) {
      return new KuraError({ code: 'redis-out-of-memory', params: { where, what }, category: 'resource', detail });
    }
    if (/^READONLY/i.test(message)) {
      return new KuraError({ code: 'redis-target-became-replica', params: { where }, category: 'config', detail });
    }
    if (/Bad data format/i.test(message)) return rejected();
    const command = sent.kind === 'key' ? 'restore' : sent.kind === 'function' ? 'function' : 'select';
    return redisReplyError(message, command, target);
  }

  /** Keys per database compared with the manifest, allowing for keys that expired meanwhile. */
  async verify(): Promise<RestoreCheck[]> {
    const { opts } = this;
    const dbsInBackup = new Set([...Object.keys(opts.expectedKeysPerDb), ...Object.keys(this.restoredPerDb)].map(Number));
    const now = await keysPerDbNow(this.client, [...dbsInBackup]);
    const verifyAt = Date.now();
    const dbs = new Set(dbsInBackup);
    if (opts.flush) for (const db of Object.keys(now)) dbs.add(Number(db));
    const checks: RestoreCheck[] = [];
    for (const db of [...dbs].sort((a, b) => a - b)) {
      const inManifest = opts.expectedKeysPerDb[db] ?? 0;
      const restored = this.restoredPerDb[db] ?? 0;
      const skipped = this.skippedPerDb[db] ?? 0;
      const expiredSince = (this.soonExpiring.get(db) ?? []).filter((t) => t <= verifyAt).length;
      const actual = now[db] ?? 0;
      const check = msg('restore-check-keys', { db });
      if (restored + skipped !== inManifest) {
        checks.push({ check, ok: false, detail: msg('restore-detail-keys-file-manifest', { inFile: restored + skipped, inManifest }) });
        continue;
      }
      const expected = inManifest - skipped;
      const facts = { actual, backup: inManifest, skipped, expired: expiredSince };
      if (opts.flush) {
        const ok = actual <= expected && actual >= expected - expiredSince;
        checks.push({ check, ok, detail: msg('restore-detail-keys', facts) });
      } else {
        const ok = actual >= expected - expiredSince;
        const extra = Math.max(0, actual - expected);
        checks.push({ check, ok, detail: extra > 0 ? msg('restore-detail-keys-kept', { ...facts, extra }) : msg('restore-detail-keys', facts) });
      }
    }
    if (opts.needs.functions > 0) {
      const r = await this.client.command('FUNCTION', 'LIST');
      const libs = r.kind === 'array' ? r.items.length : -1;
      const ok = opts.flush ? libs === opts.needs.functions : libs >= opts.needs.functions;
      checks.push({ check: msg('restore-check-functions', {}), ok, detail: msg('restore-detail-functions', { found: libs < 0 ? '?' : String(libs), backup: opts.needs.functions }) });
    }
    return checks;
  }
}

/** What a flush sends: FLUSHALL, and FUNCTION FLUSH on Redis 7 (commands, the same in every language). */
export function flushCommands(version: string): string {
  return versionAtLeast(version, 7) ? 'FLUSHALL, FUNCTION FLUSH' : 'FLUSHALL';
}

function newBatch(): Batch {
  return { commands: [], sent: [], bytes: 0, keys: 0 };
}

/** A key for messages: as text when printable, hex otherwise, shortened. */
export function describeKey(key: Buffer): string {
  const text = key.toString('utf8');
  // eslint-disable-next-line no-control-regex
  const printable = !text.includes('\uFFFD') && !/[\x00-\x1f\x7f]/.test(text);
  const shown = printable ? text : `0x${key.toString('hex')}`;
  return `"${shown.length > 60 ? shown.slice(0, 57) + '…' : shown}"`;
}
