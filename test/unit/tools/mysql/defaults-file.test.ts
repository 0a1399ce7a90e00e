import { lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, startProcess } from '../../../../electron/engine/process/run-process.js';
import {
  configureOptionFiles,
  formatOptionValue,
  optionFilesRoot,
  renderDefaultsFile,
  sweepOptionFiles,
  withDefaultsFile,
} from '../../../../electron/engine/tools/mysql/defaults-file.js';
import { tempDir } from '../../../harness/tmp.js';
import { ON_WINDOWS } from '../../../harness/platform.js';

describe('formatOptionValue', () => {
  it('quotes and escapes what the option-file reader would otherwise change', () => {
    expect(formatOptionValue('plain')).toBe('"plain"');
    expect(formatOptionValue('a"b')).toBe('"a\\"b"');
    expect(formatOptionValue("a'b")).toBe('"a\\\'b"');
    expect(formatOptionValue('a\\b')).toBe('"a\\\\b"');
    expect(formatOptionValue('#not a comment; nor this')).toBe('"#not a comment; nor this"');
    expect(formatOptionValue('  spaces kept  ')).toBe('"  spaces kept  "');
    expect(formatOptionValue('line1\nline2\r\tx\b')).toBe('"line1\\nline2\\r\\tx\\b"');
    expect(formatOptionValue('寿司🍣=x')).toBe('"寿司🍣=x"');
    expect(formatOptionValue('')).toBe('""');
    // Every output is one line: nothing can start a new option or section.
    expect(formatOptionValue('x\n[mysqld]\nuser=root')).not.toContain('\n');
  });

  it('refuses NUL, which cannot be represented', () => {
    expect(() => formatOptionValue('a\0b', 'password')).toThrow(expect.objectContaining({ code: 'invalid-option-value', category: 'config' }));
  });
});

describe('renderDefaultsFile', () => {
  it('writes a [client] group with TCP forced and the password quoted', () => {
    expect(renderDefaultsFile({ host: 'db.example.jp', port: 3307, user: "o'brien", password: 'p"w' })).toBe(
      '[client]\nhost="db.example.jp"\nport=3307\nprotocol=TCP\nuser="o\\\'brien"\npassword="p\\"w"\n',
    );
  });

  it('omits the password line when there is none', () => {
    expect(renderDefaultsFile({ host: '127.0.0.1', port: 3306, user: 'u', password: null })).not.toContain('password');
  });

  it('rejects a bad port', () => {
    expect(() => renderDefaultsFile({ host: 'h', port: 0, user: 'u', password: null })).toThrow(expect.objectContaining({ code: 'mysql-invalid-port', params: { port: '0' } }));
  });
});

describe('withDefaultsFile', () => {
  const target = { host: '127.0.0.1', port: 3306, user: 'backup', password: 's3cret' };
  let root: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    root = await tempDir('kura-optfiles-');
    configureOptionFiles(join(root.path, 'tmp'));
  });
  afterAll(async () => {
    await root.cleanup();
  });

  /** Every regular file under a folder whose bytes contain `needle`. */
  async function filesHolding(dir: string, needle: string): Promise<string[]> {
    const found: string[] = [];
    for (const name of await readdir(dir, { recursive: true })) {
      const p = join(dir, name);
      const st = await lstat(p);
      if (st.isFile() && (await readFile(p)).includes(needle)) found.push(p);
    }
    return found;
  }

  it.skipIf(ON_WINDOWS)('POSIX: a FIFO under the configured folder, served to each reader in turn, and no file on disk holds the password', async () => {
    await withDefaultsFile(target, async (path) => {
      expect(dirname(dirname(path))).toBe(optionFilesRoot());
      expect((await lstat(path)).isFIFO()).toBe(true);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      // Readers one after another, as the tools of one restore are: each gets the whole text (a slow
      // reader may get it twice, never a part of it).
      const text = renderDefaultsFile(target);
      for (let i = 0; i < 3; i++) {
        const got = await readFile(path, 'utf8');
        expect(got.length % text.length).toBe(0);
        expect(got.split(text).join('')).toBe('');
      }
      // And a real client program reads it like a file (MariaDB's --print-defaults masks the password).
      const r = await runProcess({ file: 'mariadb', args: [`--defaults-extra-file=${path}`, '--print-defaults'] });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('--user=backup');
      expect(await filesHolding(optionFilesRoot(), 's3cret')).toEqual([]);
    });
  });

  it("file mode (Windows, or no FIFO possible): a 0600 file in a 0700 folder named after Kura's process", async () => {
    await withDefaultsFile(
      target,
      async (path) => {
        expect((await lstat(path)).isFile()).toBe(true);
        // POSIX mode bits (Windows has ACLs instead; Node reports 0666 there).
        if (!ON_WINDOWS) expect((await stat(path)).mode & 0o777).toBe(0o600);
        if (!ON_WINDOWS) expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
        expect(dirname(path)).toMatch(new RegExp(`kura-my-${process.pid}-[0-9a-f]+$`));
        expect(await readFile(path, 'utf8')).toContain('password="s3cret"');
      },
      { mode: 'file' },
    );
  });

  it.skipIf(ON_WINDOWS)('a client released from a dead FIFO stops at once, without connecting anywhere', async () => {
    const dir = join(root.path, 'released');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'x.cnf'), '[client]\nkura-option-file-expired\n');
    const r = await runProcess({ file: 'mariadb', args: [`--defaults-extra-file=${join(dir, 'x.cnf')}`, '-e', 'SELECT 1'] });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/unknown option '--kura-option-file-expired'/);
  });

  it.skipIf(ON_WINDOWS)('the sweep at start removes what dead Kura processes left (releasing a client stuck on a FIFO) and keeps live ones', async () => {
    const base = optionFilesRoot();
    await mkdir(base, { recursive: true });
    const gone = await runProcess({ file: 'true', args: [] });
    expect(gone.exitCode).toBe(0);
    const deadPid = (await runProcess({ file: 'sh', args: ['-c', 'echo $$'] })).stdout.trim();
    const dead = join(base, `kura-my-${deadPid}-0a1b2c`);
    const live = join(base, `kura-my-${process.pid}-0a1b2c`);
    for (const d of [dead, live]) await mkdir(d, { mode: 0o700 });
    await writeFile(join(dead, 'client.cnf'), 'password="s3cret"\n', { mode: 0o600 });
    const deadFifo = join(base, `kura-my-${deadPid}-ffff`);
    await mkdir(deadFifo, { mode: 0o700 });
    expect((await runProcess({ file: 'mkfifo', args: ['-m', '600', join(deadFifo, 'client.cnf')] })).exitCode).toBe(0);
    // A client started by the dead Kura just before it died, waiting for the settings forever.
    const stuck = startProcess({ file: 'cat', args: [join(deadFifo, 'client.cnf')] });
    await new Promise((r) => setTimeout(r, 200));
    expect(await sweepOptionFiles(base)).toBe(2);
    expect(await readdir(base)).toEqual([`kura-my-${process.pid}-0a1b2c`]);
    const r = await stuck.result;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('[client]\nkura-option-file-expired\n');
    await stat(live);
  });

  it('creates a 0600 file in a private 0700 folder and deletes both afterwards', async () => {
    let seen = '';
    const out = await withDefaultsFile(target, async (path) => {
      seen = path;
      // Mode bits are POSIX; on Windows the folder under %TEMP% is private to the user by its ACL.
      if (!ON_WINDOWS) {
        // POSIX mode bits (Windows has ACLs instead; Node reports 0666 there).
        if (!ON_WINDOWS) expect((await stat(path)).mode & 0o777).toBe(0o600);
        if (!ON_WINDOWS) expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
      }
      expect(await readFile(path, 'utf8')).toContain('password="s3cret"');
      return 42;
    });
    expect(out).toBe(42);
    await expect(stat(seen)).rejects.toThrow();
    await expect(stat(dirname(seen))).rejects.toThrow();
  });

  it('deletes the file when the work throws', async () => {
    let seen = '';
    await expect(
      withDefaultsFile(target, async (path) => {
        seen = path;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).not.toBe('');
    await expect(stat(dirname(seen))).rejects.toThrow();
  });
});
