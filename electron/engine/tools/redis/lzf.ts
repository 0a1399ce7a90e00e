/**
 * LZF decompression (the format Redis uses for long strings in RDB files when rdbcompression is
 * on). Only needed for the few strings Kura must read, not skip: key names and AUX fields — values
 * are carried as raw bytes and never decompressed.
 */

/** Decompresses `input` into exactly `outLength` bytes; null if the data is not valid LZF. */
export function lzfDecompress(input: Uint8Array, outLength: number): Buffer | null {
  const out = Buffer.allocUnsafe(outLength);
  let ip = 0;
  let op = 0;
  while (ip < input.length) {
    const ctrl = input[ip++]!;
    if (ctrl < 32) {
      // Literal run of ctrl + 1 bytes.
      const len = ctrl + 1;
      if (op + len > outLength || ip + len > input.length) return null;
      out.set(input.subarray(ip, ip + len), op);
      ip += len;
      op += len;
    } else {
      // Back reference: length (3 bits, extended by one byte when 7) and an offset into the output.
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= input.length) return null;
        len += input[ip++]!;
      }
      if (ip >= input.length) return null;
      let ref = op - ((ctrl & 0x1f) << 8) - 1 - input[ip++]!;
      len += 2;
      if (ref < 0 || op + len > outLength) return null;
      // Byte by byte on purpose: the reference may overlap the bytes being written (runs).
      while (len-- > 0) out[op++] = out[ref++]!;
    }
  }
  return op === outLength ? out : null;
}
