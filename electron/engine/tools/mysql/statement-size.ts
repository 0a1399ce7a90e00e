/**
 * The size of the longest statement in a mysqldump stream, measured while it passes.
 *
 * Why: the server refuses any statement longer than its `max_allowed_packet` (a global setting the
 * restoring session cannot raise), and a dump's statements are bigger than the rows they hold — with
 * --hex-blob a 20 MB BLOB becomes a 40 MB INSERT. A dump that holds a statement the target server
 * refuses restores only up to that table, and MariaDB's client then calls it "Server has gone away".
 * Knowing the size in advance lets the dump warn (the source server could not take its own backup
 * back) and a restore refuse before it changes anything.
 *
 * A statement ends at ";" + newline: mysqldump never writes a raw newline inside a value (it writes
 * `\n`), so ";\n" can only be a statement's end (or, in a routine body, the end of one of its inner
 * statements, which only makes the routine look smaller than it is — routines are tiny next to data).
 * One native search per statement: mysqldump keeps statements near --net-buffer-length (1 MB) unless a
 * single row is bigger, so this costs nothing measurable.
 */

const END = Buffer.from(';\n', 'latin1');

export class LargestStatementWatcher {
  /** Bytes of the longest statement seen so far, its ";\n" included. */
  largest = 0;
  private current = 0;
  private lastByte = -1;

  feed(chunk: Buffer): void {
    let from = 0;
    if (chunk.length === 0) return;
    if (this.lastByte === 0x3b && chunk[0] === 0x0a) {
      this.close(this.current + 1);
      from = 1;
    }
    for (;;) {
      const at = chunk.indexOf(END, from);
      if (at < 0) break;
      this.close(this.current + at + 2 - from);
      from = at + 2;
    }
    this.current += chunk.length - from;
    this.lastByte = chunk[chunk.length - 1]!;
  }

  /** Call at the end: a last statement without ";\n" counts too. */
  finish(): number {
    if (this.current > this.largest) this.largest = this.current;
    this.current = 0;
    return this.largest;
  }

  private close(length: number): void {
    if (length > this.largest) this.largest = length;
    this.current = 0;
  }
}
