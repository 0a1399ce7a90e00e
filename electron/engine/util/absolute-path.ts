/**
 * Whether a path names the same place wherever Kura runs from — judged by its shape, for both OSes at
 * once, because a config written for a Windows PC (`D:\KuraBackups`, `\\nas\backup`) is also read and
 * validated on Linux (tests, CI, `kura serve` on a server), and Node's own `isAbsolute` only knows the
 * OS it runs on.
 *
 * Absolute: `/…` (POSIX), `C:\…` or `C:/…` (a drive and its root), `\\server\share…` (UNC).
 * Not absolute: `D:` and `D:backups` (relative to drive D's current folder, which differs per
 * process), `backups\shop`, `./x`, `~/x` (no shell expands it for Kura).
 */
export function isAbsoluteAnyOs(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || /^\\\\[^\\/]+[\\/][^\\/]+/.test(path);
}
