/**
 * Per-file hashes of files items, against real rsync and real files: bit rot in a hard-linked file is
 * named by `verify` together with every snapshot sharing it, the next run copies it afresh instead
 * of linking it again, and unchanged files' hashes are carried over without being read.
 */
import { english } from '../../../electron/shared/messages/render.js';
import { appendFile, mkdir, open, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createEngine, type Engine } from '../../../electron/engine/engine.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { tempDir } from '../../harness/tmp.js';

let tmp: { path: string; cleanup: () => Promise<void> };
let site: string;
let dest: string;
let engine: Engine;
let clock: number;

async function writeConfig(extra: Record<string, unknown> = {}): Promise<void> {
  const job = {
    id: 'shop',
    name: 'Shop',
    destination: { path: dest },
    sources: [{ id: 'www', type: 'files', from: site + '/' }],
    retention: { keepLast: 30, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
    ...extra,
  };
  await writeFile(join(tmp.path, 'home', 'config.json'), JSON.stringify({ version: 1, jobs: [job] }));
}

/** Flips one byte in place, keeping the file's size and modification time (what bit rot does). */
async function flipByte(file: string, at = 3): Promise<void> {
  const before = await stat(file);
  const fh = await open(file, 'r+');
  const b = Buffer.alloc(1);
  await fh.read(b, 0, 1, at);
  b[0] = b[0]! ^ 0x20;
  await fh.write(b, 0, 1, at);
  await fh.close();
  await utimes(file, before.atime, before.mtime);
}

async function run() {
  clock += 60_000;
  const r = await engine.runJob('shop', { trigger: 'cli' });
  expect(r.error, JSON.stringify(r.error)).toBeNull();
  return r;
}

beforeEach(async () => {
  tmp = await tempDir('kura-hashes-');
  site = join(tmp.path, 'site');
  dest = join(tmp.path, 'backups');
  await mkdir(join(site, 'images', '2026 [春]'), { recursive: true });
  await mkdir(join(tmp.path, 'home'), { recursive: true });
  await mkdir(dest);
  await writeFile(join(site, 'index.php'), '<?php echo "shop";');
  await writeFile(join(site, 'images', '2026 [春]', "O'Neil 写真.jpg"), Buffer.alloc(200_000, 7));
  await writeFile(join(site, 'images', 'logo.png'), 'logo-bytes');
  await mkdir(join(site, 'empty uploads'));
  await symlink('images/logo.png', join(site, 'current-logo'));
  clock = Date.parse('2026-12-01T00:00:00Z');
  engine = createEngine({ home: join(tmp.path, 'home'), secrets: createMemorySecretStore(), now: () => new Date(clock) });
  await writeConfig();
});
afterEach(() => tmp.cleanup());

describe('per-file hashes of a files item', () => {
  it('writes a list of every folder, file and symlink with sha256, and verify checks it file by file', async () => {
    const r = await run();
    const snap = r.snapshot!.path;
    const list = await readFile(join(snap, 'files', 'www.files'), 'utf8');
    expect(list.split('\n')[0]).toBe('# kura-files/2 kind sha256 size mtime-ms inode path');
    const photo = join(snap, 'files', 'www', 'images', '2026 [春]', "O'Neil 写真.jpg");
    expect(list).toContain(` 200000 ${Math.floor((await stat(photo)).mtimeMs)} ${(await stat(photo, { bigint: true })).ino} images/2026 [春]/O'Neil 写真.jpg\n`);
    expect(list).toMatch(/^f [0-9a-f]{64} 200000 \d+ \d+ images\/2026 \[春\]\/O'Neil 写真\.jpg$/m);
    expect(list).toMatch(/^d - 0 \d+ - empty uploads$/m);
    expect(list).toMatch(/^l [0-9a-f]{64} 15 \d+ - current-logo$/m);
    // Plain text an admin can check without Kura (file-list.ts's header comment).
    const check = await runProcess({ file: 'sh', args: ['-c', `sed -n 's/^f \\([0-9a-f]*\\) [0-9]* [0-9]* [0-9-]* /\\1  /p' ../www.files | sha256sum -c`], cwd: join(snap, 'files', 'www') });
    expect(check.stdout.trim().split('\n').sort()).toEqual(["images/2026 [春]/O'Neil 写真.jpg: OK", 'images/logo.png: OK', 'index.php: OK']);
    const manifest = JSON.parse(await readFile(join(snap, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('kura-snapshot/3');
    expect(manifest.items[0].list).toMatchObject({ path: 'files/www.files', entries: 7 });
    const v = await engine.verify('shop', 'latest');
    expect(v.ok).toBe(true);
    expect(english(v.items[0]!.detail)).toMatch(/every file's sha256 as recorded/);
  });

  it('finds bit rot in a hard-linked file, names every snapshot sharing it, and never links it again', async () => {
    const first = await run();
    const second = await run();
    const rel = join('files', 'www', 'images', '2026 [春]', "O'Neil 写真.jpg");
    // Unchanged files are shared: one inode in both snapshots.
    expect((await stat(join(first.snapshot!.path, rel))).ino).toBe((await stat(join(second.snapshot!.path, rel))).ino);
    await flipByte(join(second.snapshot!.path, rel));

    const v = await engine.verify('shop', 'latest');
    expect(v.ok).toBe(false);
    expect(english(v.items[0]!.detail)).toContain("1 damaged (content differs from the backup): images/2026 [春]/O'Neil 写真.jpg");
    expect(english(v.items[0]!.detail)).toContain(`the same damaged copy is in snapshots ${first.snapshot!.id}`);
    // The older snapshot shares the inode, so its own check fails too.
    expect((await engine.verify('shop', first.snapshot!.id)).ok).toBe(false);

    const third = await run();
    expect(third.status).toBe('warning');
    expect(third.warnings.map(english).join(' ')).toMatch(/www: 1 files that kura verify found damaged in earlier snapshots \(.*\) were copied afresh .*O'Neil 写真\.jpg/);
    const fresh = join(third.snapshot!.path, rel);
    expect((await stat(fresh)).ino).not.toBe((await stat(join(second.snapshot!.path, rel))).ino);
    expect(await readFile(fresh)).toEqual(Buffer.alloc(200_000, 7));
    expect((await engine.verify('shop', third.snapshot!.id)).ok).toBe(true);
    // And the night after, the good copy is what gets shared.
    const fourth = await run();
    expect(fourth.status).toBe('success');
    expect((await stat(join(fourth.snapshot!.path, rel))).ino).toBe((await stat(fresh)).ino);
  });

  it('carries the hashes of unchanged files over without reading them, and hashes what changed', async () => {
    await run();
    await appendFile(join(site, 'index.php'), '// changed');
    const second = await run();
    const log = await readFile(second.logFile, 'utf8');
    expect(log).toMatch(/1 files \(\d+ bytes\) hashed \(\d+ bytes of them during the copy\), 2 unchanged hashes carried over/);
    expect((await engine.verify('shop', 'latest')).ok).toBe(true);
  });

  it('reports a missing file, a file not in the list, a file replaced by a symlink and a doctored list', async () => {
    const r = await run();
    const tree = join(r.snapshot!.path, 'files', 'www');
    await rm(join(tree, 'images', 'logo.png'));
    await writeFile(join(tree, 'planted.php'), '<?php system($_GET["c"]);');
    await rm(join(tree, 'index.php'));
    await symlink('/etc/passwd', join(tree, 'index.php'));
    const v = await engine.verify('shop', 'latest');
    expect(v.ok).toBe(false);
    expect(english(v.items[0]!.detail)).toMatch(/1 missing: images\/logo\.png/);
    expect(english(v.items[0]!.detail)).toMatch(/1 not in the backup's list: planted\.php/);
    expect(english(v.items[0]!.detail)).toMatch(/1 replaced by another kind of entry .*: index\.php/);

    const listFile = join(r.snapshot!.path, 'files', 'www.files');
    const text = await readFile(listFile, 'utf8');
    const doctored = text.replace(/^(f )[0-9a-f]{64}( 10 \d+ \d+ images\/logo\.png)$/m, `$1${'0'.repeat(64)}$2`);
    expect(doctored).not.toBe(text);
    await writeFile(listFile, doctored);
    expect(english((await engine.verify('shop', 'latest')).items[0]!.detail)).toMatch(/the file list is damaged: .* is not the list the manifest recorded/);
  });

  it('reads and verifies a snapshot whose list is of the first format (no inode column), and carries its hashes into a list of format 2', async () => {
    const first = await run();
    const listFile = join(first.snapshot!.path, 'files', 'www.files');
    const lines = (await readFile(listFile, 'utf8')).split('\n');
    const v1 = ['# kura-files/1 kind sha256 size mtime-ms path', ...lines.slice(1).map((l) => l.replace(/^(\S+ \S+ \S+ \S+) \S+ /, '$1 '))].join('\n');
    await writeFile(listFile, v1);
    const manifestFile = join(first.snapshot!.path, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.items[0].list.sha256 = createHash('sha256').update(v1).digest('hex');
    await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
    expect((await engine.verify('shop', first.snapshot!.id)).ok).toBe(true);
    const second = await run();
    expect(await readFile(second.logFile, 'utf8')).toMatch(/0 files \(0 bytes\) hashed \(0 bytes of them during the copy\), 3 unchanged hashes carried over/);
    expect((await readFile(join(second.snapshot!.path, 'files', 'www.files'), 'utf8')).split('\n')[0]).toBe('# kura-files/2 kind sha256 size mtime-ms inode path');
    expect((await engine.verify('shop', 'latest')).ok).toBe(true);
  });

  it('keeps file names that are not UTF-8, or hold newlines, tabs and "%", exact', async () => {
    const odd = [Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x6a, 0x70, 0x67]), Buffer.from('line\nbreak\t100%.txt')];
    for (const name of odd) {
      const fh = await open(Buffer.concat([Buffer.from(join(site, 'images') + '/'), name]), 'w');
      await fh.writeFile(name);
      await fh.close();
    }
    const r = await run();
    const list = await readFile(join(r.snapshot!.path, 'files', 'www.files'), 'utf8');
    expect(list).toContain('images/f%FF%FE.jpg');
    expect(list).toContain('images/line%0Abreak%09100%25.txt');
    expect((await engine.verify('shop', 'latest')).ok).toBe(true);
    const second = await run();
    expect((await readFile(second.logFile, 'utf8'))).toMatch(/0 files \(0 bytes\) hashed \(0 bytes of them during the copy\), 5 unchanged hashes carried over/);
  });

  it('a file rewritten throughout the run is stored, named as possibly torn, and never verified', async () => {
    const log = join(site, 'logs', 'access.log');
    await mkdir(join(site, 'logs'));
    await writeFile(log, 'start\n');
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await appendFile(log, `line ${i} ${'x'.repeat(500)}\n`);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    let r;
    try {
      r = await run();
    } finally {
      writing = false;
      await writer;
    }
    expect(r.status).toBe('warning');
    expect(r.warnings.map(english).join(' ')).toMatch(/1 file changed on .* while it was being copied, so its copy may be torn \(part old, part new\): logs\/access\.log/);
    const manifest = JSON.parse(await readFile(join(r.snapshot!.path, 'manifest.json'), 'utf8'));
    expect(manifest.items[0].torn).toEqual(['logs/access.log']);
    const v = await engine.verify('shop', 'latest');
    expect(v.ok).toBe(true);
    expect(v.items[0]!.warnings.map(english).join(' ')).toMatch(/1 file changed on the server while it was being copied and may be torn: logs\/access\.log/);
  });
});
