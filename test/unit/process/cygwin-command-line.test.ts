/**
 * cwRsync (a Cygwin program) splits its Windows command line with cygwin1.dll's build_argv and
 * globs every word with a quote or a wildcard in it. These tests run the argv Kura means through
 * the quoting and back through a model of build_argv (test/harness/cygwin-argv-model.ts); the
 * Windows job checks the same with the command line Windows really hands over
 * (test/windows/inner/cwrsync-argv.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { cygwinCommandLine, quoteCygwinArg, quoteProgramName } from '../../../electron/engine/process/windows-command-line.js';
import { cygwinSplit, libuvCommandLine } from '../../harness/cygwin-argv-model.js';

const RSYNC = 'C:\\Program Files\\Kura\\resources\\bin\\win\\bin\\rsync.exe';

/** Paths and patterns that Cygwin reads something into. */
export const HOSTILE_ARGS = [
  "/cygdrive/c/shop/O'Neil/www/",
  '/cygdrive/d/Backups/[2024]/shop/',
  '/cygdrive/c/サイト/日本語 フォルダ/',
  '--exclude={a,b}',
  '--exclude=*.log',
  '--exclude=cache?/',
  '--link-dest=/cygdrive/d/Kura Backups/shop/2026-01-01T00-00-00Z/files/www/',
  '~root/x',
  '@list.txt',
  '(draft) copy',
  'say "hi"',
  'back\\slash\\',
  '\\\\',
  '"',
  "'",
  '\\"',
  '""',
  '',
  '100% & a|b ^c <d> !e',
  "-e /cygdrive/c/Program Files/Kura/resources/bin/win/bin/ssh.exe -i \"/cygdrive/c/Users/O'Neil/.ssh/id_ed25519\" -o 'UserKnownHostsFile=/cygdrive/c/Users/山田 太郎/AppData/Roaming/Kura/known_hosts'",
];

/** Names that exist where cwRsync runs: what an unquoted pattern would match instead. */
const EXISTING = ['/cygdrive/d/Backups/2/shop/', 'list.txt', 'root'];

describe("Kura's command line for Cygwin programs", () => {
  it('gives cwRsync back exactly the argv Kura meant, whatever the path holds', () => {
    const line = [quoteProgramName(RSYNC), ...cygwinCommandLine(HOSTILE_ARGS)].join(' ');
    expect(cygwinSplit(line, { existing: EXISTING })).toEqual([RSYNC, ...HOSTILE_ARGS]);
  });

  it('keeps each hostile argument whole on its own, next to a destination that must survive', () => {
    for (const arg of HOSTILE_ARGS) {
      const args = ['-rt', '--', arg, '/cygdrive/d/Backups/shop/'];
      const line = [quoteProgramName(RSYNC), ...cygwinCommandLine(args)].join(' ');
      expect(cygwinSplit(line, { existing: EXISTING }), arg).toEqual([RSYNC, ...args]);
    }
  });

  it("shows the defect: Node's own quoting lets Cygwin swallow, glob and brace-expand arguments", () => {
    const split = (args: string[]) => cygwinSplit(libuvCommandLine(RSYNC, args), { existing: EXISTING }).slice(1);
    // A quote in a folder name opens a quote that runs into the destination argument.
    expect(split(['--', "/cygdrive/c/shop/O'Neil/www/", '/cygdrive/d/Backups/shop/'])).not.toEqual([
      '--',
      "/cygdrive/c/shop/O'Neil/www/",
      '/cygdrive/d/Backups/shop/',
    ]);
    // [2024] is a character class: it matches the folder "2".
    expect(split(['/cygdrive/d/Backups/[2024]/shop/'])).toEqual(['/cygdrive/d/Backups/2/shop/']);
    // Braces expand: one exclude becomes two.
    expect(split(['--exclude={a,b}'])).toEqual(['--exclude=a', '--exclude=b']);
  });

  it('refuses what no quoting can carry: control characters, and an unconverted drive path', () => {
    expect(() => quoteCygwinArg('a\nb')).toThrow(/control character/);
    expect(() => quoteCygwinArg('C:\\shop\\www')).toThrow(/unconverted/);
  });
});
