/**
 * Restoring a dump under another database name (`--to-database`, and `<db>__kura_verify` for
 * `verify --restore-test`) without touching the original database.
 *
 * Why this is needed: a dump holds no CREATE DATABASE/USE, so its tables land wherever the client is
 * connected — but the objects inside may name their database explicitly. Provoked against MariaDB 10.11
 * (test/integration/restore/rename-restore.test.ts):
 *   /*!50003 CREATE*\/ /*!50017 DEFINER=…*\/ /*!50003 TRIGGER shop.orders_ai AFTER INSERT ON shop.orders
 *       FOR EACH ROW INSERT INTO shop.log … *\/;;     (SHOW CREATE TRIGGER keeps the text as typed)
 *   /*!50001 VIEW `v` AS select `shop`.`f_count`() AS `n` … *\/     (stored functions are always qualified)
 *   /*!50001 VIEW `v_other` AS … join `shop`.`orders` `x` …          (views spanning databases)
 *   CREATE … PROCEDURE `p_log`(…)\nINSERT INTO `shop`.log …        (routine bodies as typed)
 *   … EVENT `ev` … DO DELETE FROM shop.log …
 *   ALTER DATABASE `shop` CHARACTER SET latin1 …                    (around routines whose database
 *       collation differs from the database's current default: mysqldump switches it and back)
 * Imported as is into `shop_copy`, the trigger is created in — or collides with — the live `shop`,
 * the ALTER DATABASE changes the live database's charset (and fails outright where `shop` does not
 * exist or may not be altered), and the copy's views, routines and events read and write the live shop.
 *
 * What is done: the dump is split into statements the way the `mysql` client splits it (its
 * DELIMITER command, quotes, comments), data INSERTs pass through untouched at memchr speed, and every
 * other statement is tokenized (sql-tokenizer.ts: strings, quoted names, comments, executable
 * comments) and the ORIGINAL database's name is rewritten to the target's wherever it is a qualifier:
 *   - `shop.x.y` (database.table.column) and `shop.f(` (database.function): always the database;
 *   - `ALTER|CREATE|DROP DATABASE shop`, `USE shop`: the database (any other name there is refused);
 *   - `shop.x`: the database — unless the same statement also uses `shop` as a name that could be a
 *     table or an alias (`FROM shop`, `orders AS shop`, `other.shop`), because then `shop.x` may be
 *     table.column and Kura cannot tell. That is refused, naming the object, before anything changes
 *     (the caller scans the whole dump first with `scanDumpForRename`).
 * Case-insensitively: on servers that fold name case `SHOP.x` is the same database, and rewriting it
 * elsewhere only points the copy at itself, never at the live data.
 *
 * What is not changed: text inside string literals (a URL 'https://shop.example.com/' must stay). A
 * routine that builds SQL text naming `shop.` (PREPARE of a string) is reported as a note, because it
 * would reach the original database if called; the restore does not call routines, and a restore
 * test creates events disabled, so nothing of the kind runs during the restore itself.
 */
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { KuraError, isAbortError } from '../../errors.js';
import { quoteIdentifier } from './grants.js';
import { DEFAULT_SQL_MODE, type SqlMode, type Token, isWordByte, sqlModeFlags, tokenizeStatement } from './sql-tokenizer.js';
import { LargestStatementWatcher } from './statement-size.js';
import { dumpReadError } from './verify-dump.js';

/** What an object in the dump is, for messages: "the trigger `orders_ai`". */
export interface DumpObjectRef {
  kind: 'trigger' | 'view' | 'procedure' | 'function' | 'event' | 'table' | 'statement';
  name: string;
}

/** Why an object cannot be moved to another name. */
export type RenameReason =
  /** `USE other`, `CREATE DATABASE other`: a statement about another database. */
  | { kind: 'other-database'; database: string }
  /** `shop.x` where `shop` is also a table or alias in the same statement: database or table? */
  | { kind: 'ambiguous'; ref: string; name: string }
  /** A statement that is not table data, too big to tokenize. */
  | { kind: 'too-big'; megabytes: number };

export interface RenameProblem {
  object: DumpObjectRef;
  reason: RenameReason;
}

export interface RenameScan {
  /** Objects that make a restore under another name impossible to do safely. */
  problems: RenameProblem[];
  /** Objects whose SQL text literals name the original database (reported, not refused). */
  literalMentions: DumpObjectRef[];
  /** Qualifiers that would be rewritten. */
  rewrites: number;
  /** The longest statement (bytes), for the max_allowed_packet check. */
  largestStatementBytes: number;
}

/** Non-data statements larger than this are not held for analysis (no dump has one): refused. */
const MAX_CODE_STATEMENT = 64 * 1024 * 1024;
/** `INSERT IGNORE INTO ` is the longest prefix that has to be seen to classify a statement. */
const CLASSIFY_BYTES = 20;
const DATA_PREFIXES = ['INSERT INTO ', 'INSERT IGNORE INTO ', 'REPLACE INTO '].map((s) => Buffer.from(s, 'latin1'));
const DELIMITER_WORD = Buffer.from('DELIMITER', 'latin1');

type Phase =
  /** Between statements: whitespace and comments pass; the next bytes decide what follows. */
  | 'start'
  | 'line-comment'
  | 'block-comment'
  /** A data INSERT: passes line by line until a line ending in ";". */
  | 'data'
  /** The client's `DELIMITER xx` command: to the end of its line. */
  | 'delimiter-command'
  /** Any other statement: held until its delimiter, then analysed and rewritten. */
  | 'code';

type Lex = 'code' | 'squote' | 'dquote' | 'bquote' | 'line' | 'block';

export interface SchemaRenameOptions {
  /** The database the dump was made from. */
  from: string;
  /** The database it is restored into. */
  to: string;
  /** Import: stop the stream at the first problem (a scan before the import has normally refused already). */
  failOnProblem: boolean;
}

export class SchemaRenameTransform extends Transform {
  readonly problems: RenameProblem[] = [];
  readonly literalMentions: DumpObjectRef[] = [];
  rewrites = 0;

  private phase: Phase = 'start';
  private delimiter = Buffer.from(';', 'latin1');
  private mode: SqlMode = DEFAULT_SQL_MODE;
  private readonly savedModes = new Map<string, SqlMode>();
  /** 'start' and 'block-comment': the few bytes that could not be classified yet. */
  private held: Buffer = Buffer.alloc(0);
  /** 'code'/'delimiter-command': the statement's bytes from earlier chunks (copies), and their size. */
  private parts: Buffer[] = [];
  private partsBytes = 0;
  /** 'code': the last bytes of a chunk that need the next one to be read (at most 3, or a delimiter's length). */
  private carry: Buffer = Buffer.alloc(0);
  private lex: Lex = 'code';
  /** The last byte of the previous chunk in the data phase (is the line's end a ";"?). */
  private lastDataByte = -1;
  private readonly fromKey: string;
  private readonly fromLatin1: string;
  private readonly replacement: Buffer;

  constructor(private readonly opts: SchemaRenameOptions) {
    super();
    this.fromKey = foldName(opts.from);
    this.fromLatin1 = Buffer.from(opts.from, 'utf8').toString('latin1');
    this.replacement = Buffer.from(quoteIdentifier(opts.to), 'utf8');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.consume(chunk);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (this.phase === 'code') {
        const b = this.carry;
        this.carry = Buffer.alloc(0);
        const end = this.lexCode(b, true);
        const stmt = Buffer.concat([...this.parts, b.subarray(0, end >= 0 ? end : b.length)]);
        this.parts = [];
        if (stmt.length > 0) this.finishStatement(stmt);
        // Anything after a delimiter found only now (a carried "…;;x") is passed as it is.
        if (end >= 0 && end < b.length) this.push(b.subarray(end));
      } else if (this.phase === 'delimiter-command') {
        if (this.partsBytes > 0) this.finishDelimiterCommand(Buffer.concat(this.parts));
      } else if (this.held.length > 0) {
        this.push(this.held);
      }
      this.held = Buffer.alloc(0);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  /**
   * Bytes go through in order; a handler that stops part-way hands back what it did not consume,
   * which is processed next — never copied along with the rest of the chunk, so a dump of many small
   * tables (many short statements per chunk) costs no more than one of few.
   */
  private consume(chunk: Buffer): void {
    const queue: Buffer[] = [chunk];
    while (queue.length > 0) {
      const buf = queue.shift()!;
      if (buf.length === 0) continue;
      switch (this.phase) {
        case 'start': {
          // `held` is a few bytes at most here (an unclassified statement start).
          const joined = this.held.length > 0 ? Buffer.concat([this.held, buf]) : buf;
          this.held = Buffer.alloc(0);
          queue.unshift(this.start(joined));
          break;
        }
        case 'line-comment': {
          const nl = buf.indexOf(0x0a);
          if (nl < 0) {
            this.push(buf);
            break;
          }
          this.push(buf.subarray(0, nl + 1));
          this.phase = 'start';
          queue.unshift(buf.subarray(nl + 1));
          break;
        }
        case 'block-comment': {
          // The "*/" may straddle chunks: keep the last byte if it is a "*".
          const joined = this.held.length > 0 ? Buffer.concat([this.held, buf]) : buf;
          this.held = Buffer.alloc(0);
          const close = joined.indexOf('*/', 0, 'latin1');
          if (close < 0) {
            const keep = joined[joined.length - 1] === 0x2a ? 1 : 0;
            this.push(joined.subarray(0, joined.length - keep));
            this.held = Buffer.from(joined.subarray(joined.length - keep));
            break;
          }
          this.push(joined.subarray(0, close + 2));
          this.phase = 'start';
          queue.unshift(joined.subarray(close + 2));
          break;
        }
        case 'data':
          queue.unshift(this.data(buf));
          break;
        case 'delimiter-command': {
          const nl = buf.indexOf(0x0a);
          if (nl < 0) {
            this.keep(buf);
            break;
          }
          const line = this.parts.length > 0 ? Buffer.concat([...this.parts, buf.subarray(0, nl + 1)]) : buf.subarray(0, nl + 1);
          this.parts = [];
          this.partsBytes = 0;
          this.finishDelimiterCommand(line);
          queue.unshift(buf.subarray(nl + 1));
          break;
        }
        case 'code': {
          // Lexed where it lies: only a statement that spans chunks is ever copied.
          const b = this.carry.length > 0 ? Buffer.concat([this.carry, buf]) : buf;
          this.carry = Buffer.alloc(0);
          const end = this.lexCode(b, false);
          if (end >= 0) {
            const stmt = this.parts.length > 0 ? Buffer.concat([...this.parts, b.subarray(0, end)]) : b.subarray(0, end);
            this.parts = [];
            this.partsBytes = 0;
            this.phase = 'start';
            this.finishStatement(stmt);
            queue.unshift(b.subarray(end));
          } else {
            const stop = -end - 1;
            this.keep(b.subarray(0, stop));
            this.carry = Buffer.from(b.subarray(stop));
          }
          break;
        }
      }
    }
  }

  /** Classifies what follows a statement; returns the bytes not yet consumed. */
  private start(buf: Buffer): Buffer {
    let i = 0;
    while (i < buf.length && isSpace(buf[i]!)) i++;
    if (i > 0) this.push(buf.subarray(0, i));
    const rest = buf.subarray(i);
    if (rest.length === 0) return rest;
    const c = rest[0]!;
    const need = (n: number) => rest.length < n;
    if (c === 0x23) {
      this.phase = 'line-comment';
      return rest;
    }
    if (c === 0x2d) {
      if (need(3)) return this.hold(rest);
      if (rest[1] === 0x2d && rest[2]! <= 0x20) {
        this.phase = 'line-comment';
        return rest;
      }
    }
    if (c === 0x2f) {
      if (need(4)) return this.hold(rest);
      if (rest[1] === 0x2a && rest[2] !== 0x21 && !(rest[2] === 0x4d && rest[3] === 0x21)) {
        this.push(rest.subarray(0, 2));
        this.phase = 'block-comment';
        return rest.subarray(2);
      }
    }
    if (need(CLASSIFY_BYTES) && couldStillBe(rest)) return this.hold(rest);
    if (startsWithWord(rest, DELIMITER_WORD)) {
      this.phase = 'delimiter-command';
      this.parts = [];
      this.partsBytes = 0;
      return rest;
    }
    if (this.delimiter.length === 1 && this.delimiter[0] === 0x3b && DATA_PREFIXES.some((p) => startsWith(rest, p))) {
      this.phase = 'data';
      this.lastDataByte = -1;
      return rest;
    }
    this.phase = 'code';
    this.lex = 'code';
    this.parts = [];
    this.partsBytes = 0;
    return rest;
  }

  private hold(rest: Buffer): Buffer {
    this.held = Buffer.from(rest);
    return Buffer.alloc(0);
  }

  /** Data: mysqldump never writes a raw newline inside a value, so the statement ends at a line ending in ";". */
  private data(buf: Buffer): Buffer {
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, from);
      if (nl < 0) {
        this.lastDataByte = buf.length > 0 ? buf[buf.length - 1]! : this.lastDataByte;
        this.push(buf);
        return Buffer.alloc(0);
      }
      const before = nl > 0 ? buf[nl - 1]! : this.lastDataByte;
      if (before === 0x3b) {
        this.push(buf.subarray(0, nl + 1));
        this.phase = 'start';
        return buf.subarray(nl + 1);
      }
      from = nl + 1;
    }
  }

  /** Keeps (a copy of) part of a statement that goes on in the next chunk. */
  private keep(part: Buffer): void {
    if (part.length === 0) return;
    this.parts.push(Buffer.from(part));
    this.partsBytes += part.length;
    if (this.partsBytes > MAX_CODE_STATEMENT) {
      throw tooBig();
    }
  }

  /** `DELIMITER xx` (one line): the client's new statement end. Passed through as it is. */
  private finishDelimiterCommand(line: Buffer): void {
    const word = line.toString('latin1', DELIMITER_WORD.length).trim().split(/\s+/)[0] ?? '';
    if (word.length > 0) this.delimiter = Buffer.from(word, 'latin1');
    this.push(line);
    this.phase = 'start';
  }

  /**
   * Lexes `b` (the statement's next bytes) the way the `mysql` client does to find the delimiter.
   * Returns the index just after the delimiter, or -(i + 1) when byte i on needs the next chunk to be
   * read (a possible "--", "/*", "/*!", an escape, a delimiter's first bytes). At the end of the
   * stream nothing is waited for; -(b.length + 1) then means no delimiter.
   */
  private lexCode(b: Buffer, atEnd: boolean): number {
    const n = b.length;
    const d = this.delimiter;
    const escapes = !this.mode.noBackslashEscapes;
    // Under ANSI_QUOTES "…" is a name, where a backslash is an ordinary character.
    const dquoteEscapes = escapes && !this.mode.ansiQuotes;
    let i = 0;
    while (i < n) {
      const c = b[i]!;
      switch (this.lex) {
        case 'code': {
          if (c === d[0]) {
            if (i + d.length > n && !atEnd) return -(i + 1);
            if (b.subarray(i, i + d.length).equals(d)) return i + d.length;
          }
          if (c === 0x27) this.lex = 'squote';
          else if (c === 0x22) this.lex = 'dquote';
          else if (c === 0x60) this.lex = 'bquote';
          else if (c === 0x23) this.lex = 'line';
          else if (c === 0x2d || c === 0x2f) {
            // Up to 3 bytes decide: "-- ", "/*!", "/*M!".
            if (i + 3 >= n && !atEnd) return -(i + 1);
            if (c === 0x2d && b[i + 1] === 0x2d && (i + 2 >= n || b[i + 2]! <= 0x20)) this.lex = 'line';
            else if (c === 0x2f && b[i + 1] === 0x2a && b[i + 2] !== 0x21 && !(b[i + 2] === 0x4d && b[i + 3] === 0x21)) {
              this.lex = 'block';
              i++;
            }
          }
          i++;
          break;
        }
        case 'squote':
        case 'dquote':
        case 'bquote': {
          const q = this.lex === 'squote' ? 0x27 : this.lex === 'dquote' ? 0x22 : 0x60;
          if (c === 0x5c && (q === 0x27 ? escapes : q === 0x22 ? dquoteEscapes : false)) {
            if (i + 1 >= n && !atEnd) return -(i + 1);
            i += 2;
          } else {
            // A doubled quote reads as closing and reopening: the same for finding the delimiter.
            if (c === q) this.lex = 'code';
            i++;
          }
          break;
        }
        case 'line': {
          const nl = b.indexOf(0x0a, i);
          if (nl < 0) return -(n + 1);
          this.lex = 'code';
          i = nl + 1;
          break;
        }
        case 'block': {
          if (c === 0x2a && i + 1 >= n && !atEnd) return -(i + 1);
          if (c === 0x2a && b[i + 1] === 0x2f) {
            this.lex = 'code';
            i += 2;
          } else {
            i++;
          }
          break;
        }
      }
    }
    return -(n + 1);
  }

  /** Analyses one complete non-data statement and pushes it, rewritten where needed. */
  private finishStatement(stmt: Buffer): void {
    const tokens = tokenizeStatement(stmt, this.mode);
    const plan = planRename(tokens, this.fromKey, this.fromLatin1);
    this.trackSqlMode(tokens);
    if (plan.problem) {
      this.problems.push(plan.problem);
      if (this.opts.failOnProblem) throw new RenameStreamError(plan.problem);
    }
    if (plan.mentionsInLiterals && plan.object.kind !== 'statement' && plan.object.kind !== 'table') this.literalMentions.push(plan.object);
    if (plan.rewrites.length === 0) {
      this.push(stmt);
      return;
    }
    this.rewrites += plan.rewrites.length;
    const parts: Buffer[] = [];
    let at = 0;
    for (const t of plan.rewrites) {
      parts.push(stmt.subarray(at, t.start), this.replacement);
      at = t.end;
    }
    parts.push(stmt.subarray(at));
    this.push(Buffer.concat(parts));
  }

  /**
   * Follows `SET sql_mode = '…'`, `SET @saved = @@sql_mode` and `SET sql_mode = @saved` (what mysqldump
   * writes around every routine and trigger), so strings and names after it are read as the server reads them.
   */
  private trackSqlMode(tokens: readonly Token[]): void {
    if (tokens[0]?.kind !== 'word' || tokens[0].text.toUpperCase() !== 'SET') return;
    let i = 1;
    while (i < tokens.length) {
      let lhsEnd = i;
      while (lhsEnd < tokens.length && !(tokens[lhsEnd]!.kind === 'punct' && tokens[lhsEnd]!.text === '=')) lhsEnd++;
      if (lhsEnd >= tokens.length) return;
      const lhs = tokens.slice(i, lhsEnd);
      let rhsEnd = lhsEnd + 1;
      while (rhsEnd < tokens.length && !(tokens[rhsEnd]!.kind === 'punct' && (tokens[rhsEnd]!.text === ',' || tokens[rhsEnd]!.text === ';'))) rhsEnd++;
      const rhs = tokens.slice(lhsEnd + 1, rhsEnd);
      const value = this.modeValue(rhs);
      const target = lhs.map((t) => t.text).join('').toLowerCase();
      if (/^(?:@@(?:session\.)?|session)?sql_mode$/.test(target)) {
        this.mode = value ?? DEFAULT_SQL_MODE;
      } else if (lhs.length === 1 && lhs[0]!.kind === 'var' && !lhs[0]!.text.startsWith('@@') && value) {
        this.savedModes.set(lhs[0]!.text.toLowerCase(), value);
      }
      i = rhsEnd + 1;
    }
  }

  private modeValue(rhs: readonly Token[]): SqlMode | null {
    if (rhs.length !== 1) return null;
    const t = rhs[0]!;
    if (t.kind === 'string') return sqlModeFlags(t.text);
    if (t.kind === 'var') {
      const name = t.text.toLowerCase();
      if (/^@@(?:session\.)?sql_mode$/.test(name)) return this.mode;
      return this.savedModes.get(name) ?? null;
    }
    return null;
  }
}

/** Stops the stream at an object that cannot be moved (or a statement too big to check). */
class RenameStreamError extends Error {
  override name = 'RenameStreamError';
  constructor(readonly problem: RenameProblem) {
    super(`${describeObject(problem.object)}: ${problem.reason.kind}`);
  }
}

export function isRenameStreamError(err: unknown): err is RenameStreamError {
  return err instanceof RenameStreamError;
}

function tooBig(): RenameStreamError {
  return new RenameStreamError({
    object: { kind: 'statement', name: `> ${MAX_CODE_STATEMENT / 1024 / 1024} MB` },
    reason: { kind: 'too-big', megabytes: MAX_CODE_STATEMENT / 1024 / 1024 },
  });
}

interface RenamePlan {
  object: DumpObjectRef;
  rewrites: Token[];
  problem: RenameProblem | null;
  mentionsInLiterals: boolean;
}

const OBJECT_KINDS: Record<string, DumpObjectRef['kind']> = {
  TRIGGER: 'trigger',
  VIEW: 'view',
  PROCEDURE: 'procedure',
  FUNCTION: 'function',
  EVENT: 'event',
  TABLE: 'table',
};

/** Keywords after which a name is a column or an expression, not a table or an alias. */
const NOT_ALIAS_BEFORE = new Set(
  (
    'SELECT WHERE AND OR NOT XOR ON SET BY HAVING WHEN THEN ELSE ELSEIF CASE IN IS LIKE VALUES VALUE RETURN DO IF WHILE ' +
    'REPEAT UNTIL CALL DISTINCT BETWEEN EXISTS DECLARE DEFAULT LIMIT OFFSET UNION ALL ANY SOME USING INTERVAL BEGIN END ' +
    'LEAVE ITERATE OPEN FETCH CLOSE CURSOR FOR EACH ROW RETURNS DIV MOD REGEXP RLIKE COLLATE ASC DESC WITH ESCAPE SIGNAL ' +
    'RESIGNAL SQLSTATE MESSAGE_TEXT OUT INOUT PARTITION OVER LOOP NEW OLD'
  ).split(' '),
);
/** Keywords after which a name is a table. */
const TABLE_BEFORE = new Set('FROM JOIN INTO UPDATE TABLE STRAIGHT_JOIN'.split(' '));

function isName(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'word' || t.kind === 'ident');
}

function isPunct(t: Token | undefined, p: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === p;
}

function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && words.includes(t.text.toUpperCase());
}

/** Decides, for one statement, which tokens name the original database and whether that is certain. */
function planRename(tokens: readonly Token[], fromKey: string, fromLatin1: string): RenamePlan {
  const object = objectOf(tokens);
  const isFrom = (t: Token | undefined) => isName(t) && foldName(t.text) === fromKey;
  const rewrites: Token[] = [];
  let problem: RenameProblem | null = null;

  // ALTER/CREATE/DROP DATABASE x, USE x: statements about a database as a whole.
  const head = tokens[0];
  let schemaAt = -1;
  if (isWord(head, 'USE')) schemaAt = 1;
  else if (isWord(head, 'ALTER', 'CREATE', 'DROP') && isWord(tokens[1], 'DATABASE', 'SCHEMA')) {
    schemaAt = 2;
    if (isWord(tokens[2], 'IF')) schemaAt = isWord(tokens[3], 'NOT') ? 5 : 4;
    if (isWord(head, 'ALTER') && isWord(tokens[2], 'CHARACTER', 'CHARSET', 'DEFAULT', 'COLLATE', 'COMMENT', 'READ')) schemaAt = -1;
  }
  const schemaName = schemaAt >= 0 ? tokens[schemaAt] : undefined;
  if (isName(schemaName)) {
    const t = schemaName;
    if (isFrom(t)) rewrites.push(t);
    else {
      problem = {
        object: { kind: 'statement', name: tokens.slice(0, schemaAt + 1).map((x) => x.text).join(' ') },
        reason: { kind: 'other-database', database: quoteIdentifier(t.text) },
      };
    }
  }

  const qualifiers: number[] = [];
  let tableLikeUse: Token | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isFrom(t) || (schemaAt >= 0 && i === schemaAt)) continue;
    const prev = tokens[i - 1];
    const qualifier = isPunct(tokens[i + 1], '.') && isName(tokens[i + 2]) && !isPunct(prev, '.');
    if (qualifier) {
      qualifiers.push(i);
      continue;
    }
    if (!tableLikeUse && couldBeTableOrAlias(tokens, i)) tableLikeUse = t;
  }
  for (const i of qualifiers) {
    const threePart = isPunct(tokens[i + 3], '.') && isName(tokens[i + 4]);
    const call = isPunct(tokens[i + 3], '(') && !tokens[i + 3]!.spaced;
    if (threePart || call || tableLikeUse === null) {
      rewrites.push(tokens[i]!);
    } else if (!problem) {
      const ref = `${tokens[i]!.text}.${tokens[i + 2]!.text}`;
      problem = {
        object,
        reason: { kind: 'ambiguous', ref, name: tableLikeUse.text },
      };
    }
  }
  rewrites.sort((a, b) => a.start - b.start);

  const mentionsInLiterals = tokens.some((t) => t.kind === 'string' && mentionsQualified(t.text, fromLatin1));
  return { object, rewrites, problem, mentionsInLiterals };
}

/**
 * Could the name at `i` (equal to the database's) be a table or an alias here, so that `name.x`
 * elsewhere in the statement may mean table.column? Columns (`NEW.shop`, `WHERE shop = 1`,
 * `(shop, msg)`) cannot be; `FROM shop`, `orders AS shop`, `orders shop`, `other.shop` can.
 */
function couldBeTableOrAlias(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  if (prev === undefined) return false;
  if (isPunct(prev, '.')) return !isWord(tokens[i - 2], 'NEW', 'OLD');
  if (isWord(prev, 'AS')) return true;
  if (prev.kind === 'word' && TABLE_BEFORE.has(prev.text.toUpperCase())) return true;
  if (isPunct(prev, ')')) return true;
  if (isName(prev)) return !(prev.kind === 'word' && NOT_ALIAS_BEFORE.has(prev.text.toUpperCase()));
  return false;
}

/** `shop.` or `` `shop`. `` in a string literal (latin1 text), with no name character before it. */
function mentionsQualified(text: string, fromLatin1: string): boolean {
  const hay = text.toLowerCase();
  const needle = fromLatin1.toLowerCase();
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const open = at > 0 && hay[at - 1] === '`' ? 1 : 0;
    const before = at - open - 1;
    if (before >= 0 && (isWordByte(hay.charCodeAt(before)) || hay[before] === '.')) continue;
    let after = at + needle.length;
    if (open && hay[after] === '`') after++;
    else if (open) continue;
    while (hay[after] === ' ') after++;
    if (hay[after] === '.') return true;
  }
  return false;
}

/** Which object a statement creates (for messages), from `CREATE … TRIGGER|VIEW|… name`. */
function objectOf(tokens: readonly Token[]): DumpObjectRef {
  if (!isWord(tokens[0], 'CREATE')) return { kind: 'statement', name: tokens.slice(0, 3).map((t) => t.text).join(' ') };
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    const kind = OBJECT_KINDS[t.text.toUpperCase()];
    if (!kind) continue;
    let j = i + 1;
    if (isWord(tokens[j], 'IF')) j += isWord(tokens[j + 1], 'NOT') ? 3 : 2;
    let name = tokens[j];
    if (isPunct(tokens[j + 1], '.') && isName(tokens[j + 2])) name = tokens[j + 2];
    if (isName(name)) return { kind, name: name.text };
    break;
  }
  return { kind: 'statement', name: tokens.slice(0, 3).map((t) => t.text).join(' ') };
}

/** An object of the dump as SQL names it, the same in every language: "TRIGGER `orders_ai`", "`USE other`". */
export function describeObject(o: DumpObjectRef): string {
  return o.kind === 'statement' ? `"${o.name}"` : `${o.kind.toUpperCase()} ${quoteIdentifier(o.name)}`;
}

/** How MySQL compares database names on a server that folds case (the conservative reading). */
function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  return buf.length >= prefix.length && buf.subarray(0, prefix.length).equals(prefix);
}

function startsWithWord(buf: Buffer, word: Buffer): boolean {
  if (buf.length <= word.length) return false;
  const next = buf[word.length]!;
  return buf.toString('latin1', 0, word.length).toUpperCase() === word.toString('latin1') && (next === 0x20 || next === 0x09);
}

/** Whether a held prefix might still become DELIMITER or a data INSERT. */
function couldStillBe(buf: Buffer): boolean {
  const text = buf.toString('latin1');
  if ('DELIMITER '.startsWith(text.toUpperCase().slice(0, 10))) return true;
  return DATA_PREFIXES.some((p) => p.toString('latin1').startsWith(text.slice(0, p.length)));
}

/**
 * Reads the whole dump once, without changing anything, and says whether it can be restored under
 * `to` safely: the problems (refuse before starting), the objects whose SQL text mentions the
 * original name, and the longest statement.
 */
export async function scanDumpForRename(file: string, from: string, to: string, signal?: AbortSignal): Promise<RenameScan> {
  const renamer = new SchemaRenameTransform({ from, to, failOnProblem: false });
  const sizes = new LargestStatementWatcher();
  const measure = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      sizes.feed(chunk);
      cb(null, chunk);
    },
  });
  const sink = new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });
  try {
    await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), createGunzip(), measure, renamer, sink, { signal });
  } catch (err) {
    if (isAbortError(err) || signal?.aborted) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
    if (isRenameStreamError(err)) {
      return { problems: [...renamer.problems, err.problem], literalMentions: renamer.literalMentions, rewrites: renamer.rewrites, largestStatementBytes: sizes.finish() };
    }
    throw dumpReadError(file, err);
  }
  return { problems: renamer.problems, literalMentions: renamer.literalMentions, rewrites: renamer.rewrites, largestStatementBytes: sizes.finish() };
}

/**
 * The refusal when a dump cannot be restored under another name: before anything changed (the scan),
 * or — should the scan ever miss one — from the import, stopped at that object (the restore's steps
 * say which). The first problem is the message; all of them are in the detail.
 */
export function renameRefusedError(from: string, to: string, problems: readonly RenameProblem[]): KuraError {
  const first = problems[0]!;
  const names = { from: quoteIdentifier(from), to: quoteIdentifier(to), object: describeObject(first.object), database: from };
  const detail = problems.map((p) => `${describeObject(p.object)}: ${JSON.stringify(p.reason)}`).join('\n');
  const r = first.reason;
  switch (r.kind) {
    case 'ambiguous':
      return new KuraError({ code: 'mysql-rename-unsafe', params: { ...names, ref: r.ref, name: r.name }, category: 'data', detail });
    case 'other-database':
      return new KuraError({ code: 'mysql-rename-other-database', params: { ...names, other: r.database }, category: 'data', detail });
    case 'too-big':
      return new KuraError({ code: 'mysql-rename-too-big', params: { from: names.from, to: names.to, megabytes: r.megabytes }, category: 'data', detail });
  }
}
