/**
 * Path conversion for cwRsync.
 *
 * cwRsync is a Cygwin program: it does not understand `C:\KuraBackups\x`. Worse, rsync reads a
 * colon before the first slash as "host:path", so `C:\x` handed over unchanged is an SSH connection
 * to a host called "C". Every local path Kura gives cwRsync (destination, `--link-dest`, local
 * sources, the ssh key file) goes through here. Other rsyncs get paths unchanged.
 */
import { KuraError } from '../../errors.js';
import type { RsyncFlavour } from './detect-rsync.js';

/**
 * `C:\KuraBackups\x` → `/cygdrive/c/KuraBackups/x`, `\\nas\share\x` → `//nas/share/x`, the
 * `\\?\` long-path forms likewise; a trailing separator is kept (it means "the folder's contents"
 * to rsync). Paths already in Cygwin form are returned with backslashes turned into slashes.
 */
export function toCygwinPath(windowsPath: string): string {
  let p = windowsPath;
  if (/^\\\\\?\\UNC\\/i.test(p)) p = '\\\\' + p.slice(8);
  else if (/^\\\\\?\\[A-Za-z]:/.test(p)) p = p.slice(4);

  const drive = /^([A-Za-z]):(.*)$/.exec(p);
  if (drive) {
    const rest = drive[2]!;
    if (rest !== '' && !/^[\\/]/.test(rest)) {
      throw new KuraError({ code: 'path-not-absolute', params: { path: windowsPath, drive: drive[1]!.toUpperCase(), example: `${drive[1]!.toUpperCase()}:\\${rest}` }, category: 'config' });
    }
    const tail = rest.replace(/\\/g, '/').replace(/^\/+/, '');
    return `/cygdrive/${drive[1]!.toLowerCase()}/${tail}`;
  }
  if (/^[\\/]{2}[^\\/]/.test(p)) return '//' + p.slice(2).replace(/\\/g, '/');
  return p.replace(/\\/g, '/');
}

/** The spelling of a local path that this rsync understands. */
export function toRsyncPath(localPath: string, flavour: RsyncFlavour): string {
  switch (flavour) {
    case 'cwrsync':
      return toCygwinPath(localPath);
    case 'rsync':
      return localPath;
  }
}
