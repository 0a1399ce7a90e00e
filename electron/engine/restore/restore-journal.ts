/**
 * The restore journal: a small JSON file, `$KURA_HOME/restores/<id>.json`, that every restore writes
 * BEFORE it changes anything and keeps current step by step, so that a restore killed half-way
 * (kill -9, a power cut, a crash) leaves a known state instead of a half-restored database and no
 * trace. The next Kura process that looks (any CLI command, `kura daemon`, the app, `kura serve`)
 * finds the journal of a process that is gone and reports it loudly, with two ways out: roll back
 * to the safety backup, or finish the restore (journal-recovery.ts).
 *
 * One journal per TARGET, not per run: the id is made from the target (`mysql-127.0.0.1-3306-shop`,
 * `redis-127.0.0.1-6379`, `files-<hash>`), and the file is created exclusively (written in full to a
 * temp file, then hard-linked into place — never an empty or half-written journal, and never two).
 * That is also the lock: a second restore of the same database while one runs, or while an
 * interrupted one is unresolved, is refused before it touches anything.
 *
 * Updates rewrite the file atomically (temp + fsync + rename). A journal is only ever trusted after
 * zod validation; every path in it is absolute and normalised, names are single path segments, and
 * journal-recovery.ts re-derives and checks every folder against the job's own (safety dumps under
 * `<destination>/<job>/_safety`, the Redis data folder the server or its redis.conf states) before
 * acting on it.
 *
 * Taking over a journal whose process is gone (finish, roll back, dismiss) goes through claim files
 * named after the dead owner, created exclusively: each dead owner can be succeeded by exactly one
 * process, and a claimer that dies in turn is succeeded the same way.
 *
 * Test hook: with KURA_TEST_CRASH_AT=<step> (or <type>:<step>) in the environment, the process kills
 * itself with SIGKILL right after the journal has recorded that step — the fault tests use it to
 * crash at every step boundary of the Redis file restore.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { z } from 'zod';
import { restoreRequestSchema, type RestoreRequest } from '../../shared/restore-request.js';
import { idSchema } from '../config/schema.js';
import { KuraError, type ErrorInfo } from '../errors.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { currentProcess, liveness, type ProcessIdentity } from '../util/process-identity.js';
import { hasControlChar, withoutControlChars } from '../util/text.js';

export const JOURNAL_FORMAT = 'kura-restore-journal/1';
export const JOURNALS_DIR = 'restores';
export const CRASH_HOOK_ENV = 'KURA_TEST_CRASH_AT';

/** Steps, in order, per kind of restore. A step is recorded before it is carried out. */
export const STEPS = {
  mysql: ['started', 'safety-backup', 'safety-verified', 'import', 'rollback', 'verify'],
  'redis-file': ['started', 'copying', 'stopping', 'stopped', 'staging', 'swapping', 'starting', 'verify', 'rollback'],
  'redis-live': ['started', 'flush', 'sending', 'verify'],
  files: ['started', 'copying', 'verify'],
} as const;
export type JournalKind = keyof typeof STEPS;
export type MysqlStep = (typeof STEPS)['mysql'][number];
export type RedisFileStep = (typeof STEPS)['redis-file'][number];
export type RedisLiveStep = (typeof STEPS)['redis-live'][number];
export type FilesStep = (typeof STEPS)['files'][number];
export type JournalStep = MysqlStep | RedisFileStep | RedisLiveStep | FilesStep;

/** From these steps on, the target may differ from how it was before the restore. */
const TOUCHING: Record<JournalKind, readonly string[]> = {
  mysql: ['import', 'rollback', 'verify'],
  'redis-file': ['stopping', 'stopped', 'staging', 'swapping', 'starting', 'verify', 'rollback'],
  'redis-live': ['flush', 'sending', 'verify'],
  files: ['copying', 'verify'],
};

export const JOURNAL_ID = /^(?:mysql|redis|files)-[A-Za-z0-9._-]{1,200}$/;
export const journalIdSchema = z.string().regex(JOURNAL_ID, 'expected a restore id such as mysql-127.0.0.1-3306-shop');

const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlChar(s), 'must not contain control characters');
const absolutePath = plainText(4096).refine((p) => p.length > 0 && isAbsolute(p) && normalize(p) === p && !p.split(/[\\/]/).includes('..'), 'expected an absolute, normalised path');
const baseName = plainText(255).refine((n) => n.length > 0 && n !== '.' && n !== '..' && !/[\\/]/.test(n), 'expected a file name without folders');
const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/, 'expected an ISO time');
const snapshotId = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
const port = z.number().int().min(1).max(65535);
const host = plainText(255).refine((h) => h.length > 0);
const sqlWord = z.string().regex(/^[A-Za-z0-9_]{1,64}$/);

const mysqlTarget = z.object({
  type: z.literal('mysql'),
  host,
  port,
  database: plainText(64).refine((d) => d.length > 0),
  /** What the database was before the restore touched it (null until probed). */
  before: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('missing') }),
      z.object({ kind: z.literal('exists'), charset: sqlWord, collation: sqlWord, tables: z.number().int().min(0), views: z.number().int().min(0) }),
    ])
    .nullable(),
  /** The safety dump: `<jobRoot>/_safety/<id>/<file>`; `verified` once it was read back to its end. */
  safety: z.object({ id: snapshotId, file: baseName.refine((f) => f.endsWith('.sql.gz')), verified: z.boolean() }).nullable(),
});

const redisLayout = z.object({
  dir: absolutePath,
  dbfilename: baseName,
  /** The redis.conf the server was started with (INFO config_file), to confirm `dir` when it is down. */
  configFile: absolutePath.nullable(),
  /** Whether dump.rdb existed when it was replaced (null: not yet known). */
  hadOld: z.boolean().nullable(),
  /** Redis 7 multi-part AOF: the AOF folder and base name, and the new files this restore made there. */
  aof: z
    .object({
      dirname: baseName,
      filename: baseName,
      baseFile: baseName.nullable(),
      incrFile: baseName.nullable(),
    })
    .nullable(),
});

const redisTarget = z.object({
  type: z.literal('redis'),
  method: z.enum(['live', 'file']),
  host,
  port,
  flush: z.boolean(),
  layout: redisLayout.nullable(),
});

const filesTarget = z.object({
  type: z.literal('files'),
  /** Where the files go, in words (a folder, or the source's address without password). */
  where: plainText(4096),
  mirror: z.boolean(),
  path: plainText(4096).nullable(),
});

const targetSchema = z.discriminatedUnion('type', [mysqlTarget, redisTarget, filesTarget]);
export type JournalTarget = z.infer<typeof targetSchema>;
export type MysqlJournalTarget = z.infer<typeof mysqlTarget>;
export type RedisJournalTarget = z.infer<typeof redisTarget>;
export type RedisJournalLayout = z.infer<typeof redisLayout>;

const ownerSchema = z.object({ pid: z.number().int().positive(), host: plainText(255), started: plainText(200).nullable() });

export const journalSchema = z
  .object({
    format: z.literal(JOURNAL_FORMAT),
    id: journalIdSchema,
    owner: ownerSchema,
    /** `unresolved`: the restore ended, but left the target in a state that needs a decision. */
    status: z.enum(['active', 'unresolved']),
    createdAt: isoTime,
    updatedAt: isoTime,
    jobId: idSchema,
    /** The job's backup folder (`<destination>/<jobId>`), where its safety dumps live. */
    jobRoot: absolutePath,
    snapshotId,
    /** The restore as asked, with the snapshot id fixed (never "latest"): "finish" runs it again. */
    request: restoreRequestSchema,
    step: z.string().regex(/^[a-z-]{1,40}$/),
    touched: z.boolean(),
    history: z.array(z.object({ step: z.string().regex(/^[a-z-]{1,40}$/), at: isoTime })).max(500),
    problem: z
      .object({
        code: plainText(100),
        /** The facts of a catalogued error (journals written before messages were data have none). */
        params: z.record(z.string().max(100), z.union([plainText(4000), z.number()])).optional(),
        message: plainText(4000),
        hint: plainText(4000).nullable(),
        category: z.string().max(20),
      })
      .nullable(),
    target: targetSchema,
  })
  .superRefine((j, ctx) => {
    const kind = kindOf(j.target);
    if (!(STEPS[kind] as readonly string[]).includes(j.step)) ctx.addIssue({ code: 'custom', path: ['step'], message: `"${j.step}" is not a step of a ${kind} restore` });
    if (j.request.snapshotId !== j.snapshotId) ctx.addIssue({ code: 'custom', path: ['request', 'snapshotId'], message: 'does not match snapshotId' });
    if (j.request.sourceId === undefined) ctx.addIssue({ code: 'custom', path: ['request', 'sourceId'], message: 'missing' });
  });

export type RestoreJournal = z.infer<typeof journalSchema>;

export function kindOf(target: JournalTarget): JournalKind {
  switch (target.type) {
    case 'mysql':
      return 'mysql';
    case 'redis':
      return target.method === 'file' ? 'redis-file' : 'redis-live';
    case 'files':
      return 'files';
  }
}

// ---- ids and paths ------------------------------------------------------------------------------

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]/g, '_');
const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** The journal id of a target: readable where it can be, one per target. */
export function journalIdFor(target: JournalTarget): string {
  switch (target.type) {
    case 'mysql': {
      const db = /^[A-Za-z0-9_-]{1,64}$/.test(target.database) ? target.database : `x${shortHash(target.database)}`;
      return `mysql-${slug(target.host)}-${target.port}-${db}`;
    }
    case 'redis':
      return `redis-${slug(target.host)}-${target.port}`;
    case 'files':
      return `files-${shortHash(target.where)}`;
  }
}

export function journalsDir(home: string): string {
  return join(home, JOURNALS_DIR);
}

export function journalPath(home: string, id: string): string {
  if (!JOURNAL_ID.test(id)) throw notFound(id);
  return join(journalsDir(home), `${id}.json`);
}

/** What a restore was putting back, as facts the same in every language: "`shop` (127.0.0.1:3306)", "Redis 127.0.0.1:6379", "/srv/www". */
export function describeJournalTarget(t: JournalTarget): string {
  switch (t.type) {
    case 'mysql':
      return `\`${t.database.replace(/`/g, '``')}\` (${t.host}:${t.port})`;
    case 'redis':
      return `Redis ${t.host}:${t.port}`;
    case 'files':
      return t.where;
  }
}

/** `kura restore --finish <id>`, `--roll-back <id>`, `--dismiss <id>`: the ways out, as the admin types them. */
export function journalCommands(id: string): { finish: string; rollBack: string; dismiss: string } {
  return { finish: `kura restore --finish ${id}`, rollBack: `kura restore --roll-back ${id}`, dismiss: `kura restore --dismiss ${id}` };
}

// ---- reading ------------------------------------------------------------------------------------

export type JournalState = 'running' | 'interrupted' | 'unresolved' | 'other-host';

export type JournalEntry =
  | { kind: 'journal'; id: string; path: string; journal: RestoreJournal; state: JournalState }
  | { kind: 'damaged'; id: string; path: string; reason: string };

export async function readJournalEntry(home: string, id: string): Promise<JournalEntry | null> {
  const path = journalPath(home, id);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { kind: 'damaged', id, path, reason: (err as Error).message };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'damaged', id, path, reason: text.length === 0 ? 'the file is empty' : 'it is not valid JSON (cut short or overwritten)' };
  }
  const parsed = journalSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { kind: 'damaged', id, path, reason: `${i?.path.join('.') || 'journal'}: ${i?.message ?? 'not a restore journal'}` };
  }
  const journal = parsed.data;
  if (journal.id !== id) return { kind: 'damaged', id, path, reason: `it names itself "${journal.id}"` };
  return { kind: 'journal', id, path, journal, state: stateOf(journal) };
}

function stateOf(j: RestoreJournal): JournalState {
  if (j.status === 'unresolved') return 'unresolved';
  switch (liveness(j.owner)) {
    case 'alive':
      return 'running';
    case 'gone':
      return 'interrupted';
    case 'other-host':
      return 'other-host';
  }
}

/** Every journal under `$KURA_HOME/restores`, oldest first; unreadable ones as `damaged`. */
export async function listJournals(home: string): Promise<JournalEntry[]> {
  let names: string[];
  try {
    names = await readdir(journalsDir(home));
  } catch {
    return [];
  }
  const out: JournalEntry[] = [];
  for (const name of names.sort()) {
    if (!name.endsWith('.json')) continue;
    const id = name.slice(0, -'.json'.length);
    if (!JOURNAL_ID.test(id)) continue;
    const entry = await readJournalEntry(home, id);
    if (entry) out.push(entry);
  }
  return out.sort((a, b) => createdAt(a).localeCompare(createdAt(b)));
}

const createdAt = (e: JournalEntry) => (e.kind === 'journal' ? e.journal.createdAt : '');

/** Journals that need the admin: a dead owner, an unresolved outcome, or a damaged file. */
export function needsAttention(e: JournalEntry): boolean {
  return e.kind === 'damaged' || e.state === 'interrupted' || e.state === 'unresolved';
}

// ---- writing ------------------------------------------------------------------------------------

export interface BeginJournal {
  jobId: string;
  jobRoot: string;
  snapshotId: string;
  request: RestoreRequest;
  target: JournalTarget;
}

/**
 * Creates the journal for a restore about to start, or refuses (`restore-running`,
 * `restore-unfinished`) when one for the same target exists. Nothing has been changed yet.
 */
export async function beginJournal(home: string, init: BeginJournal, now: Date): Promise<JournalHandle> {
  const id = journalIdFor(init.target);
  const at = now.toISOString();
  const journal: RestoreJournal = journalSchema.parse({
    format: JOURNAL_FORMAT,
    id,
    owner: currentProcess(),
    status: 'active',
    createdAt: at,
    updatedAt: at,
    jobId: init.jobId,
    jobRoot: init.jobRoot,
    snapshotId: init.snapshotId,
    request: { ...init.request, snapshotId: init.snapshotId },
    step: 'started',
    touched: false,
    history: [{ step: 'started', at }],
    problem: null,
    target: init.target,
  } satisfies RestoreJournal);
  const path = journalPath(home, id);
  await mkdir(journalsDir(home), { recursive: true });
  if (!(await createExclusive(path, JSON.stringify(journal, null, 2) + '\n'))) throw await occupied(home, id);
  return new JournalHandle(home, journal);
}

/**
 * Creates `path` with `content` only if nothing is there yet, and never visible half written: the
 * content goes to a temp file (fsync) that is then hard-linked to `path` (link fails on an existing
 * name, atomically). False when `path` already exists.
 */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.new`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(tmp, path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

async function occupied(home: string, id: string): Promise<KuraError> {
  const entry = await readJournalEntry(home, id);
  // Gone again between link() and this read: another restore held it a moment ago.
  if (entry === null) return new KuraError({ code: 'restore-running', params: { target: id, pid: '?', host: '?', started: '?' }, category: 'config' });
  return journalConflict(entry);
}

/** The error for "this target already has a journal", worded by its state. */
export function journalConflict(entry: JournalEntry): KuraError {
  if (entry.kind === 'damaged') return damaged(entry);
  const j = entry.journal;
  const target = describeJournalTarget(j.target);
  switch (entry.state) {
    case 'running':
    case 'other-host':
      return new KuraError({ code: 'restore-running', params: { target, pid: j.owner.pid, host: j.owner.host, started: j.createdAt }, category: 'config' });
    case 'interrupted':
    case 'unresolved': {
      const { finish, rollBack } = journalCommands(j.id);
      return new KuraError({ code: 'restore-unfinished', params: { target, snapshot: j.snapshotId, started: j.createdAt, step: j.step, finish, rollBack }, category: 'config' });
    }
  }
}

export function damaged(entry: Extract<JournalEntry, { kind: 'damaged' }>): KuraError {
  return new KuraError({ code: 'restore-journal-damaged', params: { path: entry.path, dismiss: journalCommands(entry.id).dismiss }, category: 'data', detail: entry.reason });
}

export function notFound(id: string): KuraError {
  return new KuraError({ code: 'restore-journal-not-found', params: { id: id.slice(0, 200) }, category: 'config' });
}

/** The journal of one restore in progress: records steps, and closes or is left for the next start. */
export class JournalHandle {
  private settledAs: 'unchanged' | 'restored' | 'rolled-back' | null = null;

  constructor(
    private readonly home: string,
    private current: RestoreJournal,
  ) {}

  get journal(): RestoreJournal {
    return this.current;
  }

  get id(): string {
    return this.current.id;
  }

  /** How the target ended up, once the restore knows (null: not known to be in a good state). */
  get settled(): 'unchanged' | 'restored' | 'rolled-back' | null {
    return this.settledAs;
  }

  /** Records that `step` is about to be carried out (and any new facts about the target). */
  async record(step: JournalStep, target?: Partial<JournalTarget>): Promise<void> {
    const kind = kindOf(this.current.target);
    if (!(STEPS[kind] as readonly string[]).includes(step)) throw new Error(`journal: "${step}" is not a step of a ${kind} restore`);
    const at = new Date().toISOString();
    await this.write({
      ...this.current,
      step,
      touched: this.current.touched || TOUCHING[kind].includes(step),
      history: [...this.current.history, { step, at }].slice(-500),
      target: target ? ({ ...this.current.target, ...target } as JournalTarget) : this.current.target,
    });
    crashHook(kind, step);
  }

  /** New facts about the target without a new step. */
  async note(target: Partial<JournalTarget>): Promise<void> {
    await this.write({ ...this.current, target: { ...this.current.target, ...target } as JournalTarget });
  }

  /** The restore reached a known state: the journal is closed when it returns. */
  settle(how: 'unchanged' | 'restored' | 'rolled-back'): void {
    this.settledAs = how;
  }

  /** Done: the target is in a known state (restored, rolled back, or never touched). */
  async close(): Promise<void> {
    await rm(journalPath(this.home, this.current.id), { force: true });
    await removeClaims(this.home, this.current.id);
  }

  /** Ended, but the target needs a decision: kept, and reported even while this process lives on. */
  async leaveUnresolved(problem: ErrorInfo | null): Promise<void> {
    await this.write({ ...this.current, status: 'unresolved', problem: problem && journalProblem(problem) });
  }

  /** This process carries the restore on (after claimJournal). */
  async adopt(): Promise<void> {
    await this.write({ ...this.current, owner: currentProcess(), status: 'active', problem: null });
  }

  private async write(next: RestoreJournal): Promise<void> {
    const j = journalSchema.parse({ ...next, updatedAt: new Date().toISOString() });
    await writeJsonAtomic(journalPath(this.home, j.id), j, 0o600);
    this.current = j;
  }
}

/** KURA_TEST_CRASH_AT: the fault tests' way to die exactly at a step boundary. */
function crashHook(kind: JournalKind, step: string): void {
  const at = process.env[CRASH_HOOK_ENV];
  if (at && (at === step || at === `${kind}:${step}`)) process.kill(process.pid, 'SIGKILL');
}

// ---- taking over ----------------------------------------------------------------------------------

const ownerKey = (o: ProcessIdentity) => `${o.pid}-${shortHash(`${o.host}|${o.started ?? ''}`)}`;

/**
 * Takes over the journal of a restore whose process is gone, for finish / roll back / dismiss.
 * Refuses a running one, and one another process is already taking over.
 */
export async function claimJournal(home: string, id: string): Promise<JournalHandle> {
  const entry = await readJournalEntry(home, id);
  if (entry === null) throw notFound(id);
  if (entry.kind === 'damaged') throw damaged(entry);
  const j = entry.journal;
  const me = currentProcess();
  if (entry.state === 'running' || entry.state === 'other-host') throw journalConflict(entry);
  {
    // Succeed the dead owner through a chain of exclusive claim files: claim-<dead owner>, and if that
    // claimer died too, claim-<dead owner>.<dead claimer>, and so on.
    let key = ownerKey(j.owner);
    for (let depth = 0; ; depth++) {
      const path = join(journalsDir(home), `${id}.claim-${key}`);
      if (await createExclusive(path, JSON.stringify(me))) break;
      if (depth > 20) throw busy(id, null);
      let claimer: ProcessIdentity | null = null;
      try {
        claimer = ownerSchema.parse(JSON.parse(await readFile(path, 'utf8')));
      } catch {
        claimer = null;
      }
      if (claimer && liveness(claimer) !== 'gone') throw busy(id, claimer);
      key = `${key}.${claimer ? ownerKey(claimer) : 'unreadable'}`;
    }
  }
  // Still the same journal (not closed by the process we succeeded a moment ago)?
  const again = await readJournalEntry(home, id);
  if (again === null || again.kind !== 'journal' || again.journal.createdAt !== j.createdAt) {
    await removeClaims(home, id);
    throw notFound(id);
  }
  const handle = new JournalHandle(home, again.journal);
  await handle.adopt();
  return handle;
}

function busy(id: string, claimer: ProcessIdentity | null): KuraError {
  return new KuraError({ code: 'restore-journal-busy', params: { id, pid: claimer?.pid ?? '?', host: claimer?.host ?? '?' }, category: 'config' });
}

/** An error as the journal keeps it: its facts without control characters (the journal holds plain text only), cut to size. */
function journalProblem(e: ErrorInfo): NonNullable<RestoreJournal['problem']> {
  const plain = (s: string, max = 4000) => withoutControlChars(s).slice(0, max);
  const params = e.params && Object.fromEntries(Object.entries(e.params).slice(0, 40).map(([k, v]) => [k.slice(0, 100), typeof v === 'number' ? v : plain(v)]));
  return { code: plain(e.code, 100), ...(params ? { params } : {}), message: plain(e.message), hint: e.hint === null ? null : plain(e.hint), category: e.category };
}

async function removeClaims(home: string, id: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(journalsDir(home));
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => n.startsWith(`${id}.claim-`)).map((n) => rm(join(journalsDir(home), n), { force: true })));
}

/** Removes a journal outright (dismiss, or a damaged one after the admin checked the target). */
export async function removeJournal(home: string, id: string): Promise<void> {
  await rm(journalPath(home, id), { force: true });
  await removeClaims(home, id);
}
