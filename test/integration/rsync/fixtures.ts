/** Source trees and tree comparison for the rsync integration tests. */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LARGE_FILE_BYTES = 6 * 1024 * 1024 + 123;

/**
 * The tree every pull test copies: nested folders, spaces, Japanese and emoji names, a large-ish
 * random file, an empty folder, a symlink, and things the exclude tests drop.
 */
export async function makeSiteTree(root: string): Promise<void> {
  await mkdir(join(root, 'public_html', 'images', '商品'), { recursive: true });
  await mkdir(join(root, 'with space', 'inner dir'), { recursive: true });
  await mkdir(join(root, 'empty folder'), { recursive: true });
  await mkdir(join(root, 'cache', 'pages'), { recursive: true });
  await writeFile(join(root, 'public_html', 'index.html'), '<h1>いらっしゃいませ</h1>\n');
  await writeFile(join(root, 'public_html', 'images', '商品', '抹茶 ラテ.jpg'), randomBytes(40_000));
  await writeFile(join(root, 'public_html', '🍵 tea.txt'), 'emoji name\n');
  await writeFile(join(root, 'with space', 'inner dir', 'a file.txt'), 'spaces\n');
  await writeFile(join(root, 'with space', "quote's \"and\" $dollar.txt"), 'quotes\n');
  await writeFile(join(root, 'big.bin'), randomBytes(LARGE_FILE_BYTES));
  await writeFile(join(root, 'cache', 'pages', 'home.html'), 'cached\n');
  await writeFile(join(root, 'debug.log'), 'log\n');
  await symlink('public_html/index.html', join(root, 'home-link'));
}

export type TreeEntry = { type: 'dir' } | { type: 'file'; size: number; sha256: string } | { type: 'symlink'; target: string };

/** Relative path → what is there, for comparing a source with its copy. */
export async function readTree(root: string): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  async function walk(dir: string, rel: string): Promise<void> {
    for (const name of (await readdir(dir)).sort()) {
      const abs = join(dir, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = await lstat(abs);
      if (st.isSymbolicLink()) out.set(r, { type: 'symlink', target: await readlink(abs) });
      else if (st.isDirectory()) {
        out.set(r, { type: 'dir' });
        await walk(abs, r);
      } else out.set(r, { type: 'file', size: st.size, sha256: createHash('sha256').update(await readFile(abs)).digest('hex') });
    }
  }
  await walk(root, '');
  return out;
}

/** Processes whose command line contains `needle` (argv elements joined by spaces). */
export function processesMatching(needle: string): Array<{ pid: number; argv: string[] }> {
  const out: Array<{ pid: number; argv: string[] }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.join(' ').includes(needle)) out.push({ pid: Number(entry), argv });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** Every process's argv, joined (for "the password is in no argv"). */
export function allCommandLines(): string[] {
  const out: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      out.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8'));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

export function environOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
