/**
 * How Kura starts a program on Windows, where a child gets one command-line string, not an argv,
 * and each program splits that string itself.
 *
 * 1. The program is found first (full path, PATH with .exe/.com) and started directly. Never through
 *    cmd.exe: execa (cross-spawn) falls back to `cmd.exe /c` when it cannot find a program, which
 *    turned "not installed" into cmd's exit 9009 instead of Kura's `tool-missing`, and would let
 *    cmd read `&`, `|`, `%` and `^` in arguments.
 * 2. Cygwin programs (cwRsync's rsync.exe and ssh.exe) split the string their own way when started
 *    by a non-Cygwin program — cygwin1.dll's build_argv: `"` and also `'` quote, `\"` and `""`
 *    inside `"…"` are quotes, and every word holding `* ? [ ] { } ( ) ' "` or starting with `~` is
 *    globbed against the disk (with brace expansion). Node quotes only arguments containing a space
 *    or a quote, so `C:\shop\O'Neil\www` opened a quote that swallowed the next argument, `[2024]`
 *    could match another folder and `--exclude={a,b}` became two excludes. `cygwinCommandLine`
 *    puts every argument in double quotes with `\` and `"` escaped, which build_argv turns back
 *    into the exact argument and glob sees as literal characters only.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import { KuraError } from '../errors.js';
import { hasControlChar } from '../util/text.js';

/** How the started program splits its command line (Windows only; elsewhere argv is passed as is). */
export type WindowsArgvStyle = 'msvcrt' | 'cygwin';

/** One argument for a Cygwin program, quoted so that build_argv and its glob give it back unchanged. */
export function quoteCygwinArg(arg: string): string {
  if (hasControlChar(arg)) {
    throw new KuraError({ code: 'unsafe-argument', params: { value: JSON.stringify(arg) }, category: 'config' });
  }
  // A word that starts with a drive letter is a "DOS path" to Cygwin's glob, which then treats
  // backslashes inside quotes literally while build_argv still reads `\"` as a quote: no quoting
  // can serve both. Kura gives Cygwin programs /cygdrive/… paths (cygwin-path.ts), so this only
  // catches a path that was not converted.
  if (/^[A-Za-z]:/.test(arg)) {
    throw new KuraError({ code: 'internal~windows-path', params: { path: arg }, category: 'internal' });
  }
  return `"${arg.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The program name as the first word: build_argv strips the quotes of argv[0] without escapes or glob. */
export function quoteProgramName(file: string): string {
  if (file.includes('"') || hasControlChar(file)) throw new Error(`a program path cannot contain a quote or control character: ${file}`);
  return `"${file}"`;
}

/** The whole argument list for a Cygwin program (without the program name). */
export function cygwinCommandLine(args: readonly string[]): string[] {
  return args.map(quoteCygwinArg);
}

const RUNNABLE = new Set(['.exe', '.com']);

/**
 * The full path of a program on Windows: as given when it is a path, else the first PATH folder
 * holding `<name>.exe` or `<name>.com`. Null when there is none. A batch file (.cmd, .bat) is not
 * started: that needs cmd.exe, which reads its own meaning into the arguments.
 */
export function findWindowsProgram(file: string, env: NodeJS.ProcessEnv): string | null {
  const isFile = (p: string) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  const candidates = (base: string) => (RUNNABLE.has(extname(base).toLowerCase()) ? [base] : [`${base}.exe`, `${base}.com`]);
  if (isAbsolute(file) || /[\\/]/.test(file)) {
    return candidates(file).find(isFile) ?? null;
  }
  const pathVar = env['PATH'] ?? env['Path'] ?? Object.entries(env).find(([k]) => k.toUpperCase() === 'PATH')?.[1] ?? '';
  for (const dir of pathVar.split(';').filter(Boolean)) {
    const dirClean = dir.replace(/^"(.*)"$/, '$1');
    if (!existsSync(dirClean)) continue;
    const hit = candidates(join(dirClean, file)).find(isFile);
    if (hit) return hit;
  }
  return null;
}
