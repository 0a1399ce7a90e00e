/**
 * For tests that also run under Windows Node in the Windows job (npm run test:windows): a test
 * that needs a Linux tool (sh, gzip, rsync, the MariaDB client…) or a POSIX-only behaviour skips
 * itself there, saying why, instead of failing or silently passing.
 */
import type { TestContext } from 'vitest';

export const ON_WINDOWS = process.platform === 'win32';

/** Skips the running test on Windows with `reason` (shown by the reporter). */
export function skipOnWindows(ctx: TestContext, reason: string): void {
  ctx.skip(ON_WINDOWS, `not on Windows: ${reason}`);
}

/** Why the process races (job lock, restore journal) skip under Windows Node (Wine). */
export const RACE_ON_WINE =
  "Wine 8 under load sometimes never finishes a Windows process's exit (the whole run hung); and under Wine the files are on Linux's file system, so the race would prove Linux's atomic create, not NTFS's — it runs in npm test";
