/**
 * The sha256 of one tree entry as a files item's list records it: a regular file's content, or a
 * symlink's target text (the link itself, never what it points to — a snapshot's link to /etc/passwd
 * must not make Kura read /etc/passwd).
 */
import { createHash } from 'node:crypto';
import { createReadStream, readlinkSync } from 'node:fs';

export async function sha256OfFile(abs: Buffer | string, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(abs, { signal, highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export function sha256OfLink(abs: Buffer | string): { sha256: string; bytes: number } {
  const target = readlinkSync(abs, { encoding: 'buffer' });
  return { sha256: createHash('sha256').update(target).digest('hex'), bytes: target.length };
}
