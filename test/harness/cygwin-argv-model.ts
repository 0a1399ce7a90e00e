/**
 * A model of how a Cygwin program (cwRsync's rsync.exe) turns the Windows command line it was
 * started with into argv, when its parent is not a Cygwin program: cygwin1.dll's build_argv,
 * quoted() and globify() (winsup/cygwin/dcrt0.cc), with glob(GLOB_TILDE | GLOB_NOCHECK |
 * GLOB_BRACE | GLOB_QUOTE) against a given list of existing names. No Cygwin program can run in
 * this project's CI, so the Windows job records the real command line (a fake rsync.exe) and this
 * model splits it; the unit tests feed it hostile paths directly.
 *
 * Also here: libuv's quoting of an argument (quote_cmd_arg), which is what Node does on Windows
 * by default — to show what cwRsync made of Kura's arguments before they were quoted for Cygwin.
 */

const SEPARATORS = ' \t\n\r';

export interface CygwinSplitOptions {
  /** Names that glob can match (as the program would see them from its current folder). */
  existing?: readonly string[];
  /** What a leading `~` expands to. */
  home?: string;
}

export function cygwinSplit(commandLine: string, options: CygwinSplitOptions = {}): string[] {
  const argv: string[] = [];
  // cygwin1.dll works on the command line converted to the locale's multibyte string; code points
  // stand in for that here (every character it looks at is ASCII).
  const cmd = [...commandLine];
  const sep = (k: number) => k < cmd.length && SEPARATORS.includes(cmd[k]!);
  let i = 0;
  while (i < cmd.length) {
    if (sep(i)) {
      i++;
      continue;
    }
    const word = i;
    let sawQuote = -1;
    while (i < cmd.length) {
      const c = cmd[i]!;
      if (c !== '"' && c !== "'") i++;
      else {
        sawQuote = i;
        i = quoted(cmd, i, argv.length > 0 && cmd[word] !== '@');
      }
      if (sep(i)) break;
    }
    const text = cmd.slice(word, i).join('');
    if (i < cmd.length) i++; // the separator ends the word
    if (argv.length > 0 && sawQuote !== word && text.startsWith('@')) throw new Error(`"${text}" would be read as a response file (@file)`);
    if (argv.length === 0) argv.push(text);
    else argv.push(...globify(text, options));
  }
  return argv;
}

/** quoted(): returns where scanning goes on. Without `keep`, the pair of quotes is removed. */
function quoted(cmd: string[], at: number, keep: boolean): number {
  const quote = cmd[at]!;
  if (!keep) {
    cmd.splice(at, 1);
    let close = cmd.indexOf(quote, at);
    if (close < 0) close = cmd.length;
    else cmd.splice(close, 1);
    return close;
  }
  let k = at;
  while (k < cmd.length && ++k < cmd.length) {
    let p = k;
    while (p < cmd.length && cmd[p] !== quote && !(quote === '"' && cmd[p] === '\\')) p++;
    if (p >= cmd.length) return cmd.length; // no closing quote
    if (cmd[p] === '\\') k = p + 1;
    else if (quote === '"' && cmd[p + 1] === '"') {
      cmd[p] = '\\'; // a quoted quote: "" inside quotes becomes \"
      k = p + 1;
    } else return p + 1;
  }
  return k;
}

const isQuote = (c: string | undefined) => c === '"' || c === "'";
const isDrive = (s: string) => /^[A-Za-z]:/.test(s);

/** globify(): builds a glob pattern (quoted characters escaped) and globs it. */
export function globify(word: string, options: CygwinSplitOptions = {}): string[] {
  if (!word.startsWith('~') && !/[?*["'(){}]/.test(word)) return [word];
  const w = [...word];
  let dosSpec = isDrive(word);
  if (!dosSpec && isQuote(w[0]) && w.length > 2) dosSpec = isDrive(word.slice(1));
  let pattern = '';
  for (let s = 0; s < w.length; s++) {
    const c = w[s]!;
    if (!isQuote(c)) {
      if (dosSpec && c === '\\') pattern += '\\';
      pattern += c;
      continue;
    }
    const quote = c;
    s++;
    while (s < w.length && w[s] !== quote) {
      if (!dosSpec && w[s] === '\\' && (w[s + 1] === quote || w[s + 1] === '\\')) s++;
      pattern += '\\' + (w[s] ?? '');
      s++;
    }
    if (s >= w.length) break;
  }
  return glob(pattern, options);
}

type Piece = { ch: string; escaped: boolean };

function parsePattern(pattern: string): Piece[] {
  const out: Piece[] = [];
  const p = [...pattern];
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\' && i + 1 < p.length) out.push({ ch: p[++i]!, escaped: true });
    else out.push({ ch: p[i]!, escaped: false });
  }
  return out;
}

/** glob(GLOB_TILDE | GLOB_NOCHECK | GLOB_BRACE | GLOB_QUOTE) over `existing`. */
function glob(pattern: string, options: CygwinSplitOptions): string[] {
  const pieces = parsePattern(pattern);
  const results: string[] = [];
  for (const alt of expandBraces(pieces)) {
    let p = alt;
    if (p[0] && p[0].ch === '~' && !p[0].escaped) p = [...[...(options.home ?? '/home/user')].map((ch) => ({ ch, escaped: true })), ...p.slice(1)];
    const literal = p.map((x) => x.ch).join('');
    const hasMeta = p.some((x) => !x.escaped && (x.ch === '*' || x.ch === '?' || x.ch === '['));
    if (!hasMeta) {
      results.push(literal);
      continue;
    }
    const re = new RegExp('^' + toRegex(p) + '$');
    const matches = (options.existing ?? []).filter((name) => re.test(name)).sort();
    results.push(...(matches.length > 0 ? matches : [literal]));
  }
  return results;
}

function toRegex(p: Piece[]): string {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const { ch, escaped } = p[i]!;
    if (!escaped && ch === '*') re += '[^/]*';
    else if (!escaped && ch === '?') re += '[^/]';
    else if (!escaped && ch === '[') {
      const close = p.findIndex((x, k) => k > i + 1 && !x.escaped && x.ch === ']');
      if (close < 0) re += '\\[';
      else {
        re += '[' + p.slice(i + 1, close).map((x) => x.ch.replace(/[\\\]^]/g, '\\$&')).join('') + ']';
        i = close;
      }
    } else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return re;
}

/** Brace expansion over unescaped `{a,b}` (nested braces left as they are: not needed here). */
function expandBraces(p: Piece[]): Piece[][] {
  const open = p.findIndex((x) => !x.escaped && x.ch === '{');
  if (open < 0) return [p];
  const close = p.findIndex((x, k) => k > open && !x.escaped && x.ch === '}');
  if (close < 0) return [p];
  const inner = p.slice(open + 1, close);
  const alts: Piece[][] = [[]];
  for (const x of inner) {
    if (!x.escaped && x.ch === ',') alts.push([]);
    else alts[alts.length - 1]!.push(x);
  }
  if (alts.length < 2) return [p];
  return alts.flatMap((a) => expandBraces([...p.slice(0, open), ...a, ...p.slice(close + 1)]));
}

/** libuv's quote_cmd_arg: how Node quotes one argument on Windows unless told otherwise. */
export function libuvQuote(arg: string): string {
  if (arg === '') return '""';
  if (!/[ \t"]/.test(arg)) return arg;
  if (!/["\\]/.test(arg)) return `"${arg}"`;
  // Backslashes are doubled only where a quote follows them (an escaped one, or the closing one).
  let out = '"';
  let backslashes = 0;
  for (const c of arg) {
    if (c === '\\') {
      backslashes++;
      continue;
    }
    if (c === '"') out += '\\'.repeat(backslashes * 2 + 1) + '"';
    else out += '\\'.repeat(backslashes) + c;
    backslashes = 0;
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

/** The command line Node builds on Windows by default (program name first). */
export function libuvCommandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map(libuvQuote).join(' ');
}
