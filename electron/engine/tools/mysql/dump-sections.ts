/**
 * Cuts a mysqldump / mariadb-dump stream into parts at its own section comments, so one plain
 * `.sql.gz` per database can also be restored in parallel, or one table alone (issue 20).
 *
 * How: while dumping, every part begins a new gzip member (parallel-gzip.ts `cutPoints`), and the
 * manifest records each part's compressed offset and size and its SQL size. Concatenated members are
 * one standard .gz, so `gunzip -c x.sql.gz | mysql` and `kura verify` read the file exactly as before;
 * but inflating from any part's offset also works, because it starts a member. A restore then feeds
 * "header + one table's data" to each of several connections (restore/mysql-parallel-import.ts).
 *
 * The parts, in file order (what mysqldump writes, checked against MariaDB 10.11 and MySQL 8):
 *   header     everything before the first section: the session settings (`SET NAMES`, `UNIQUE_CHECKS=0`,
 *              `FOREIGN_KEY_CHECKS=0`, `SQL_MODE`, `TIME_ZONE`) every connection of a restore runs first;
 *   schema     from `-- Table structure for table \`t\``: DROP TABLE / CREATE TABLE;
 *   data       from `-- Dumping data for table \`t\``: LOCK TABLES … INSERT … UNLOCK TABLES;
 *   triggers   from the line after that `UNLOCK TABLES;`: the table's triggers (often only a blank line);
 *   view-stub  from `-- Temporary table/view structure for view \`v\``: a placeholder so others can refer to it;
 *   events     from `-- Dumping events for database`;  routines  from `-- Dumping routines for database`;
 *   view       from `-- Final view structure for view \`v\``;
 *   footer     from `/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE *\/;`: the session restored, and the trailer.
 *
 * Robustness: markers are only recognised at the start of a line of at most 1 KiB, never inside a
 * `DELIMITER ;;` block (trigger, routine and event bodies may hold any text, comments included), and
 * a data row can never start a line with `--` (rows start with `(` or `INSERT`, and mysqldump writes
 * newlines inside values as `\n`). The parts found must then tell one consistent story — each data
 * part right after its own table's schema, every table of the inventory there once, one footer at the
 * end — or the dump gets no parts at all and is restored serially as before. Never a guess.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { backtickName } from './dump-row-counter.js';
import { NL } from './sql-bytes.js';

export type DumpPartKind = 'header' | 'schema' | 'data' | 'triggers' | 'view-stub' | 'events' | 'routines' | 'view' | 'footer';

export interface DumpPart {
  kind: DumpPartKind;
  /** The table or view, for the kinds that have one. */
  name?: string;
  /** Where the part's first gzip member begins in the .sql.gz, and its compressed size. */
  offset: number;
  bytes: number;
  /** Its size as SQL (inflated). */
  sqlBytes: number;
}

/** A marker line is short; anything longer is never one. */
const MAX_MARKER_LINE = 1024;

const NAMED_MARKERS: readonly { prefix: string; kind: DumpPartKind }[] = [
  { prefix: '-- Table structure for table `', kind: 'schema' },
  { prefix: '-- Dumping data for table `', kind: 'data' },
  { prefix: '-- Temporary table structure for view `', kind: 'view-stub' },
  { prefix: '-- Temporary view structure for view `', kind: 'view-stub' },
  { prefix: '-- Final view structure for view `', kind: 'view' },
];
const PLAIN_MARKERS: readonly { prefix: string; kind: DumpPartKind }[] = [
  { prefix: '-- Dumping events for database ', kind: 'events' },
  { prefix: '-- Dumping routines for database ', kind: 'routines' },
];
const FOOTER_LINE = '/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;';
const UNLOCK_LINE = 'UNLOCK TABLES;';
const DASH = 0x2d;
const SLASH = 0x2f;
const UPPER_U = 0x55;
const UPPER_D = 0x44;

interface Cut {
  kind: DumpPartKind;
  name?: string;
  /** Offset in the uncompressed stream. */
  at: number;
}

/**
 * Finds the cut points chunk by chunk (`feed`, given to ParallelGzip as `cutPoints`). Chunks must come
 * through a `LineAligner` first, so that a short line is never split between two chunks.
 */
export class DumpSectionScanner {
  private offset = 0;
  /** Whether the next chunk begins at the start of a line. */
  private atLineStart = true;
  private inDelimiterBlock = false;
  private current: Cut = { kind: 'header', at: 0 };
  private readonly found: Cut[] = [{ kind: 'header', at: 0 }];
  private problem: string | null = null;

  readonly feed = (chunk: Buffer): number[] => {
    const cuts: number[] = [];
    let p = 0;
    const n = chunk.length;
    if (!this.atLineStart) {
      const nl = chunk.indexOf(NL, 0);
      p = nl < 0 ? n : nl + 1;
    }
    while (p < n) {
      const nl = chunk.indexOf(NL, p);
      const end = nl < 0 ? n : nl;
      const first = chunk[p]!;
      if (nl >= 0 && end - p <= MAX_MARKER_LINE && (first === DASH || first === SLASH || first === UPPER_U || first === UPPER_D)) {
        this.line(chunk.toString('utf8', p, end), p, nl + 1, cuts);
      }
      p = nl < 0 ? n : nl + 1;
    }
    this.atLineStart = n === 0 ? this.atLineStart : chunk[n - 1] === NL;
    this.offset += n;
    return cuts;
  };

  private line(text: string, start: number, next: number, cuts: number[]): void {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (this.inDelimiterBlock) {
      if (/^DELIMITER ;\s*$/.test(line)) this.inDelimiterBlock = false;
      return;
    }
    if (line.startsWith('DELIMITER ')) {
      if (!/^DELIMITER ;\s*$/.test(line)) this.inDelimiterBlock = true;
      return;
    }
    if (line === UNLOCK_LINE) {
      if (this.current.kind === 'data') this.cut({ kind: 'triggers', name: this.current.name!, at: this.offset + next }, next, cuts);
      return;
    }
    if (line === FOOTER_LINE) {
      this.cut({ kind: 'footer', at: this.offset + start }, start, cuts);
      return;
    }
    for (const m of NAMED_MARKERS) {
      if (!line.startsWith(m.prefix)) continue;
      const name = backtickName(line, m.prefix.length - 1)?.name ?? null;
      if (name === null) {
        this.problem ??= `cannot read the name in "${line.slice(0, 200)}"`;
        return;
      }
      this.cut({ kind: m.kind, name, at: this.offset + start }, start, cuts);
      return;
    }
    for (const m of PLAIN_MARKERS) {
      if (line.startsWith(m.prefix)) {
        this.cut({ kind: m.kind, at: this.offset + start }, start, cuts);
        return;
      }
    }
  }

  private cut(cut: Cut, at: number, cuts: number[]): void {
    if (this.current.kind === 'footer') this.problem ??= `a "${cut.kind}" section follows the footer`;
    this.current = cut;
    this.found.push(cut);
    cuts.push(at);
  }

  /**
   * The parts, with their compressed places (`gzipCuts`: one per cut made, in order, from ParallelGzip),
   * checked against the database's own lists; `null` and the reason when they do not add up.
   */
  result(
    gzipCuts: readonly { sqlOffset: number; compressedOffset: number }[],
    totals: { sqlBytes: number; bytes: number },
    objects: { tables: readonly string[]; views: readonly string[] },
  ): { parts: DumpPart[] } | { parts: null; reason: string } {
    if (this.problem) return { parts: null, reason: this.problem };
    const cuts = this.found.slice(1);
    if (gzipCuts.length !== cuts.length) return { parts: null, reason: `${cuts.length} cuts asked for, ${gzipCuts.length} made` };
    const starts = [{ sqlOffset: 0, compressedOffset: 0 }, ...gzipCuts];
    const parts: DumpPart[] = this.found.map((c, i) => {
      const from = starts[i]!;
      const to = starts[i + 1] ?? { sqlOffset: totals.sqlBytes, compressedOffset: totals.bytes };
      return { kind: c.kind, ...(c.name !== undefined ? { name: c.name } : {}), offset: from.compressedOffset, bytes: to.compressedOffset - from.compressedOffset, sqlBytes: to.sqlOffset - from.sqlOffset };
    });
    for (let i = 0; i < cuts.length; i++) {
      if (gzipCuts[i]!.sqlOffset !== cuts[i]!.at) return { parts: null, reason: `cut ${i} landed at ${gzipCuts[i]!.sqlOffset}, not ${cuts[i]!.at}` };
    }
    const reason = checkParts(parts, totals, objects);
    return reason === null ? { parts } : { parts: null, reason };
  }
}

/**
 * Whether parts (from a dump just made, or from a manifest: never trusted blindly) cover the file
 * exactly and tell the story a restore relies on. Returns the first problem, or null.
 */
export function checkParts(
  parts: readonly DumpPart[],
  totals: { sqlBytes: number; bytes: number },
  objects: { tables: readonly string[]; views: readonly string[] },
): string | null {
  if (parts.length < 2 || parts[0]!.kind !== 'header') return 'no header part';
  if (parts.at(-1)!.kind !== 'footer' || parts.filter((p) => p.kind === 'footer').length !== 1) return 'no single footer part at the end';
  let offset = 0;
  let sqlOffset = 0;
  for (const p of parts) {
    if (!Number.isSafeInteger(p.offset) || !Number.isSafeInteger(p.bytes) || !Number.isSafeInteger(p.sqlBytes) || p.bytes < 0 || p.sqlBytes < 0) return 'a part with an impossible size';
    if (p.offset !== offset) return `a part begins at ${p.offset}, not ${offset}`;
    if ((p.bytes === 0) !== (p.sqlBytes === 0)) return 'a part with compressed bytes but no SQL, or the reverse';
    offset += p.bytes;
    sqlOffset += p.sqlBytes;
  }
  if (offset !== totals.bytes || sqlOffset !== totals.sqlBytes) return 'the parts do not add up to the file';
  const tables = new Set(objects.tables);
  const views = new Set(objects.views);
  const schemas = new Set<string>();
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    const prev = parts[i - 1]!;
    switch (p.kind) {
      case 'header':
        return 'a second header';
      case 'schema':
        if (p.name === undefined || !tables.has(p.name) || schemas.has(p.name)) return `a schema part for ${p.name ?? '?'} that is not one of the tables, or twice`;
        schemas.add(p.name);
        break;
      case 'data':
        if (prev.kind !== 'schema' || prev.name !== p.name) return `the data of ${p.name ?? '?'} is not right after its schema`;
        break;
      case 'triggers':
        if (prev.kind !== 'data' || prev.name !== p.name) return `the triggers of ${p.name ?? '?'} are not right after its data`;
        break;
      case 'view-stub':
      case 'view':
        if (p.name === undefined || !views.has(p.name)) return `a view part for ${p.name ?? '?'} that is not one of the views`;
        break;
      case 'events':
      case 'routines':
        if (p.name !== undefined) return `a named ${p.kind} part`;
        break;
      case 'footer':
        break;
    }
  }
  if (schemas.size !== tables.size) return 'not every table has its schema part';
  return null;
}

/**
 * Passes the stream on in chunks that end at a line's end, holding back a short unfinished last line
 * (at most MAX_MARKER_LINE bytes) until its end arrives, so DumpSectionScanner always sees a marker
 * line whole. Longer unfinished lines (big INSERTs) go on at once: they are never markers.
 */
export class LineAligner extends Transform {
  private held: Buffer | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let data = chunk;
    if (this.held) {
      // Only the held line and the rest of it are joined: the chunk itself is never copied whole.
      const nl = chunk.indexOf(NL);
      const held = this.held;
      this.held = null;
      if (nl < 0) {
        data = Buffer.concat([held, chunk]);
      } else {
        this.push(Buffer.concat([held, chunk.subarray(0, nl + 1)]));
        data = chunk.subarray(nl + 1);
      }
    }
    const lastNl = data.lastIndexOf(NL);
    const tail = data.length - (lastNl + 1);
    if (tail > 0 && tail <= MAX_MARKER_LINE) {
      this.held = Buffer.from(data.subarray(lastNl + 1));
      if (lastNl >= 0) this.push(data.subarray(0, lastNl + 1));
    } else if (data.length > 0) {
      this.push(data);
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (this.held) this.push(this.held);
    this.held = null;
    cb();
  }
}
