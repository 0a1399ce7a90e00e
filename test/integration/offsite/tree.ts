/** Test helper: a folder's tree as comparable data (type, size, content hash, permission bits, inode). */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface TreeEntry {
  type: 'file' | 'dir' | 'symlink';
  size: number;
  sha: string | null;
  mode: number;
}

export async function readTree(root: string, rel = ''): Promise<Record<string, TreeEntry>> {
  const out: Record<string, TreeEntry> = {};
  for (const name of (await readdir(join(root, rel))).sort()) {
    const r = rel === '' ? name : `${rel}/${name}`;
    const st = await lstat(join(root, r));
    if (st.isDirectory()) {
      out[r] = { type: 'dir', size: 0, sha: null, mode: st.mode & 0o777 };
      Object.assign(out, await readTree(root, r));
    } else if (st.isSymbolicLink()) {
      out[r] = { type: 'symlink', size: 0, sha: await readlink(join(root, r)), mode: 0 };
    } else {
      out[r] = { type: 'file', size: st.size, sha: createHash('sha256').update(await readFile(join(root, r))).digest('hex'), mode: st.mode & 0o777 };
    }
  }
  return out;
}

export async function inode(path: string): Promise<{ ino: number; nlink: number }> {
  const st = await lstat(path);
  return { ino: st.ino, nlink: st.nlink };
}
