/**
 * mysqldump writes "-- Dump completed on <date>" as its very last line, and only when it reached
 * the end. A dump cut short (killed, connection lost, disk full on the server side) can still exit
 * 0 in some client versions and still gunzip cleanly, so the trailer is the proof the SQL is whole.
 */
import { Transform, type TransformCallback } from 'node:stream';

const TAIL_BYTES = 1024;
const TRAILER = /(?:^|\n)-- Dump completed[^\n]*\n?\s*$/;

/** Passes the uncompressed SQL through unchanged, counting it and keeping its last bytes. */
export class DumpTrailerWatcher extends Transform {
  bytes = 0;
  private tail: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    // Always a copy (Buffer.from / concat): the producer may reuse the chunk's memory.
    this.tail =
      chunk.length >= TAIL_BYTES ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES)) : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
    cb(null, chunk);
  }

  /** True when the stream seen so far ends with the trailer line. */
  completed(): boolean {
    return hasDumpTrailer(this.tail.toString('latin1'));
  }
}

export function hasDumpTrailer(tail: string): boolean {
  return TRAILER.test(tail);
}
