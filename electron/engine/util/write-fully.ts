/**
 * Writes every byte of `chunks` at the file's current position. `writev` may write fewer bytes
 * than asked (rare: a full disk usually fails instead); the rest is then written plainly.
 */
import type { FileHandle } from 'node:fs/promises';

/** Returns the number of bytes written (all of them). */
export async function writevFully(file: FileHandle, chunks: Buffer[]): Promise<number> {
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const { bytesWritten } = await file.writev(chunks);
  if (bytesWritten < size) {
    const rest = Buffer.concat(chunks).subarray(bytesWritten);
    let off = 0;
    while (off < rest.length) off += (await file.write(rest, off)).bytesWritten;
  }
  return size;
}
