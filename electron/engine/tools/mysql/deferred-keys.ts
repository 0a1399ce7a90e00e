/**
 * Secondary indexes and foreign keys built after the rows, for the parallel restore (issue 20).
 *
 * Why: InnoDB maintains every secondary index row by row during a load (random page writes into a
 * B-tree per index), but builds an index added by `ALTER TABLE … ADD KEY` from one sorted scan of the
 * rows, much cheaper. myloader calls this `--innodb-optimize-keys`. The dump file is never changed:
 * the restore's schema stream is rewritten on its way to the server (each CREATE TABLE without the
 * keys it defers), and the keys come back as one `ALTER TABLE t ADD …, ADD …;` sent right after that
 * table's rows on the same connection, under the same session settings; the foreign keys come back
 * after every table's rows (one ALTER per table), because adding one touches two tables and would
 * otherwise wait on (or deadlock with) the other table's load. With FOREIGN_KEY_CHECKS=0, as
 * mysqldump's header sets it, adding a foreign key checks no rows, exactly as the serial import.
 *
 * What is deferred, and why the rest is not (decided for SHOW CREATE TABLE to come out identical):
 *   - only InnoDB tables, not partitioned, without system versioning or periods (ALTER TABLE on those
 *     is refused or rebuilds), and only when every definition in the statement is one this file knows;
 *   - `KEY`/`INDEX`/`UNIQUE KEY` definitions, except one whose first column is an AUTO_INCREMENT
 *     column (InnoDB refuses such a column without an index) and a long UNIQUE (`USING HASH`: MariaDB
 *     adds a hidden column for it, so adding it later rebuilds the table);
 *   - never PRIMARY KEY (the rows' own order), FULLTEXT (adding the first one rebuilds the table for
 *     its hidden FTS_DOC_ID), SPATIAL (no sorted build) or CHECK constraints;
 *   - the server lists keys PRIMARY, unique, ordinary, FULLTEXT, and within a group in the order they
 *     were added (sql_table.cc sort_keys), so a key added later lands after the ones kept: only the
 *     longest run of deferrable keys at the END of the non-FULLTEXT keys is deferred, and the order
 *     comes out as it was;
 *   - FOREIGN KEY constraints of such tables (InnoDB lists them by name, whenever they were added).
 *
 * Statements are read with the project's tokenizer (sql-tokenizer.ts: strings, comments, quoted
 * names), never matched with a pattern, and everything kept is passed on byte for byte.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { tokenizeStatement, type Token } from './sql-tokenizer.js';

/** What one table's CREATE TABLE lost, to be added back after its rows. */
export interface DeferredTable {
  /** The table name as the statement wrote it (quoted), for the ALTER. */
  nameSql: Buffer;
  /** Key definitions, verbatim (`KEY \`k\` (\`a\`(10),\`b\` DESC) COMMENT '…'`). */
  keys: Buffer[];
  /** FOREIGN KEY constraints, verbatim (`CONSTRAINT \`fk\` FOREIGN KEY … ON DELETE CASCADE`). */
  foreignKeys: Buffer[];
}

/** A schema stream larger than this is passed on unchanged (nothing deferred): a schema is kilobytes. */
const MAX_SCHEMA_BYTES = 16 * 1024 * 1024;

/**
 * Rewrites every CREATE TABLE of `sql` (a dump's header, schemas and view placeholders) without the
 * keys it defers. Returns the new SQL and, by table name, what was taken out.
 */
export function deferKeys(sql: Buffer): { sql: Buffer; tables: Map<string, DeferredTable> } {
  const tables = new Map<string, DeferredTable>();
  const tokens = tokenizeStatement(sql);
  const out: Buffer[] = [];
  let copied = 0;
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && !(tokens[i]!.kind === 'punct' && tokens[i]!.text === ';')) continue;
    const statement = tokens.slice(start, i);
    start = i + 1;
    const r = rewriteCreateTable(sql, statement);
    if (r === null) continue;
    tables.set(r.name, r.deferred);
    out.push(sql.subarray(copied, r.replaceFrom), r.replacement);
    copied = r.replaceTo;
  }
  if (tables.size === 0) return { sql, tables };
  out.push(sql.subarray(copied));
  return { sql: Buffer.concat(out), tables };
}

/** `ALTER TABLE t ADD …, ADD …;` for definitions taken out of a CREATE TABLE (null when none). */
export function addBackSql(nameSql: Buffer, definitions: readonly Buffer[]): Buffer | null {
  if (definitions.length === 0) return null;
  const parts: Buffer[] = [Buffer.from('ALTER TABLE ', 'latin1'), nameSql];
  definitions.forEach((d, i) => parts.push(Buffer.from(i === 0 ? ' ADD ' : ', ADD ', 'latin1'), d));
  parts.push(Buffer.from(';\n', 'latin1'));
  return Buffer.concat(parts);
}

type Definition =
  | { kind: 'column'; name: string; autoIncrement: boolean }
  | { kind: 'key'; group: 'primary' | 'unique' | 'ordinary' | 'spatial' | 'fulltext'; firstColumn: string | null; hash: boolean }
  | { kind: 'foreign-key' }
  | { kind: 'check' };

interface Rewrite {
  name: string;
  deferred: DeferredTable;
  /** The bytes of `sql` replaced: the definitions between the parentheses. */
  replaceFrom: number;
  replaceTo: number;
  replacement: Buffer;
}

const word = (t: Token | undefined, w: string): boolean => t !== undefined && t.kind === 'word' && t.text.toUpperCase() === w;
const punct = (t: Token | undefined, p: string): boolean => t !== undefined && t.kind === 'punct' && t.text === p;

function rewriteCreateTable(sql: Buffer, st: readonly Token[]): Rewrite | null {
  // Exactly mysqldump's shape: CREATE TABLE `name` ( definitions ) options
  if (!word(st[0], 'CREATE') || !word(st[1], 'TABLE') || st[2]?.kind !== 'ident' || !punct(st[3], '(')) return null;
  const defs: { tokens: Token[] }[] = [];
  let depth = 0;
  let close = -1;
  let current: Token[] = [];
  for (let i = 4; i < st.length; i++) {
    const t = st[i]!;
    if (punct(t, '(')) depth++;
    if (punct(t, ')')) {
      if (depth === 0) {
        close = i;
        break;
      }
      depth--;
    }
    if (depth === 0 && punct(t, ',')) {
      defs.push({ tokens: current });
      current = [];
      continue;
    }
    current.push(t);
  }
  if (close < 0 || current.length === 0) return null;
  defs.push({ tokens: current });
  if (!isPlainInnoDb(st.slice(close + 1))) return null;

  const read = defs.map((d) => readDefinition(d.tokens));
  if (read.some((d) => d === null)) return null;
  const kinds = read as Definition[];
  const autoIncrement = new Set(kinds.flatMap((d) => (d.kind === 'column' && d.autoIncrement ? [d.name] : [])));
  const deferrable = (d: Definition): boolean => d.kind === 'key' && (d.group === 'unique' || d.group === 'ordinary') && !d.hash && d.firstColumn !== null && !autoIncrement.has(d.firstColumn);
  // The run of deferrable keys at the end of the non-FULLTEXT keys.
  const keyIndexes = kinds.flatMap((d, i) => (d.kind === 'key' && d.group !== 'fulltext' ? [i] : []));
  let from = keyIndexes.length;
  while (from > 0 && deferrable(kinds[keyIndexes[from - 1]!]!)) from--;
  const deferKey = new Set(keyIndexes.slice(from));
  const deferFk = new Set(kinds.flatMap((d, i) => (d.kind === 'foreign-key' ? [i] : [])));
  if (deferKey.size === 0 && deferFk.size === 0) return null;

  const text = (d: { tokens: Token[] }) => sql.subarray(d.tokens[0]!.start, d.tokens.at(-1)!.end);
  const kept = defs.filter((_, i) => !deferKey.has(i) && !deferFk.has(i));
  const first = defs[0]!.tokens[0]!.start;
  const last = defs.at(-1)!.tokens.at(-1)!.end;
  const replacement: Buffer[] = [];
  kept.forEach((d, i) => {
    if (i > 0) replacement.push(Buffer.from(',\n  ', 'latin1'));
    replacement.push(text(d));
  });
  return {
    name: st[2]!.text,
    deferred: {
      nameSql: sql.subarray(st[2]!.start, st[2]!.end),
      keys: defs.filter((_, i) => deferKey.has(i)).map(text),
      foreignKeys: defs.filter((_, i) => deferFk.has(i)).map(text),
    },
    replaceFrom: first,
    replaceTo: last,
    replacement: Buffer.concat(replacement),
  };
}

/** ENGINE=InnoDB, and nothing that makes a later ALTER TABLE refused or a rebuild. */
function isPlainInnoDb(options: readonly Token[]): boolean {
  let innodb = false;
  for (let i = 0; i < options.length; i++) {
    const t = options[i]!;
    if (word(t, 'PARTITION') || word(t, 'VERSIONING') || word(t, 'PERIOD')) return false;
    if (word(t, 'ENGINE')) {
      const value = punct(options[i + 1], '=') ? options[i + 2] : options[i + 1];
      innodb = word(value, 'INNODB');
    }
  }
  return innodb;
}

/** What one definition between the parentheses is; null when it is something this file does not know. */
function readDefinition(tokens: readonly Token[]): Definition | null {
  const t0 = tokens[0];
  if (t0 === undefined) return null;
  if (tokens.some((t) => word(t, 'VERSIONING') || word(t, 'PERIOD'))) return null;
  if (t0.kind === 'ident') {
    return { kind: 'column', name: t0.text, autoIncrement: tokens.some((t) => word(t, 'AUTO_INCREMENT')) };
  }
  if (t0.kind !== 'word') return null;
  const key = (group: Extract<Definition, { kind: 'key' }>['group']): Definition => {
    const open = tokens.findIndex((t) => punct(t, '('));
    const first = open < 0 ? undefined : tokens[open + 1];
    return { kind: 'key', group, firstColumn: first?.kind === 'ident' ? first.text : null, hash: tokens.some((t) => word(t, 'HASH')) };
  };
  switch (t0.text.toUpperCase()) {
    case 'PRIMARY':
      return key('primary');
    case 'UNIQUE':
      return key('unique');
    case 'KEY':
    case 'INDEX':
      return key('ordinary');
    case 'SPATIAL':
      return key('spatial');
    case 'FULLTEXT':
      return key('fulltext');
    case 'FOREIGN':
      return { kind: 'foreign-key' };
    case 'CHECK':
      return { kind: 'check' };
    case 'CONSTRAINT': {
      const what = tokens[1]?.kind === 'ident' ? tokens[2] : tokens[1];
      if (word(what, 'FOREIGN')) return { kind: 'foreign-key' };
      if (word(what, 'CHECK')) return { kind: 'check' };
      return null;
    }
    default:
      return null;
  }
}

/**
 * The schema stream's last stage: holds the stream (a schema is small), and at its end passes it on
 * with the keys deferred. `tables` is filled once the stream ended. A stream over MAX_SCHEMA_BYTES is
 * passed on unchanged, and nothing is deferred.
 */
export class DeferKeysTransform extends Transform {
  tables = new Map<string, DeferredTable>();
  private held: Buffer[] = [];
  private heldBytes = 0;
  private passing = false;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.passing) {
      cb(null, chunk);
      return;
    }
    this.held.push(Buffer.from(chunk));
    this.heldBytes += chunk.length;
    if (this.heldBytes > MAX_SCHEMA_BYTES) {
      this.passing = true;
      for (const b of this.held) this.push(b);
      this.held = [];
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (this.passing) {
      cb();
      return;
    }
    try {
      const r = deferKeys(Buffer.concat(this.held));
      this.held = [];
      this.tables = r.tables;
      cb(null, r.sql);
    } catch (err) {
      cb(err as Error);
    }
  }
}
