/**
 * fsync of a folder, so that the names made, renamed or removed in it survive a power cut: a rename
 * is only in the folder's own metadata until that reaches the disk (ext4 commits it within seconds,
 * other file systems later). Not possible on Windows (a folder cannot be opened for fsync there; NTFS
 * logs its renames itself), where this does nothing; a file system that cannot fsync a folder (EINVAL,
 * ENOTSUP: some network and FUSE mounts) is left to write it out when it does. A disk error is thrown.
 */
import { open } from 'node:fs/promises';

export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  } finally {
    await fh.close();
  }
}
