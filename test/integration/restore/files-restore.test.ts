/**
 * Files restore through the CLI: into a folder (identical to the source by `diff -r`), one subfolder
 * alone, one file alone, back into the rsync daemon module it came from (and the clear error when
 * that module is read only), and on a new PC with an empty KURA_HOME from the backup folder alone.
 */
import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { createKeychainSecretStore } from '../../../electron/engine/secrets/keychain-secret-store.js';
import { runKura } from '../../harness/kura-cli.js';
import { startRsyncDaemon, type RsyncDaemon } from '../../harness/rsyncd.js';
import { tempDir } from '../../harness/tmp.js';
import { ja, messagesOf, notJapanese } from '../../harness/messages.js';
import { createEngine } from '../../../electron/engine/engine.js';
import { english } from '../../../electron/shared/messages/render.js';

const PW = 'fr-' + Math.random().toString(36).slice(2);

/** A message in `--json`: its code and facts, and the sentence in the CLI's language. */
interface MessageJson {
  code: string;
  params: Record<string, string | number>;
  text: string;
}

interface RestoreJson {
  status: string;
  steps: MessageJson[];
  verification: Array<{ check: MessageJson; ok: boolean; detail: MessageJson }>;
  error: { code: string; params?: Record<string, string | number>; message: string; hint: string | null } | null;
}

describe('kura restore (files)', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let rsyncd: RsyncDaemon;
  let site: string;
  let env: Record<string, string>;
  let dest: string;

  beforeAll(async () => {
    work = await tempDir('kura-frestore-');
    await mkdir(join(work.path, 'backups')); // the backup disk exists before a job uses it
    site = join(work.path, 'site');
    dest = join(work.path, 'backups');
    await mkdir(join(site, '画像', '2026 春'), { recursive: true });
    await mkdir(join(site, 'empty'), { recursive: true });
    await writeFile(join(site, 'index.php'), '<?php echo 1;');
    await writeFile(join(site, '画像', '2026 春', '桜 🌸.jpg'), Buffer.alloc(200_000, 3));
    await writeFile(join(site, '画像', 'logo.png'), Buffer.alloc(5000, 9));
    rsyncd = await startRsyncDaemon([
      { name: 'www', path: site, authUsers: { web: PW }, readOnly: false, extra: ['munge symlinks = no'] },
      { name: 'ro', path: site, authUsers: { web: PW } },
    ]);
    env = { KURA_HOME: join(work.path, 'home') };
    await mkdir(env['KURA_HOME']!);
    await createKeychainSecretStore().set('fr-rsync', PW);
    await writeFile(
      join(env['KURA_HOME']!, 'config.json'),
      JSON.stringify({
        version: 1,
        jobs: [
          { id: 'shop', name: 'Shop', destination: { path: dest }, sources: [{ id: 'www', type: 'files', from: `rsync://web@127.0.0.1:${rsyncd.port}/www/`, passwordRef: 'fr-rsync' }] },
          { id: 'ro', name: 'Read-only', destination: { path: dest }, sources: [{ id: 'www', type: 'files', from: `rsync://web@127.0.0.1:${rsyncd.port}/ro/`, passwordRef: 'fr-rsync' }] },
        ],
      }),
    );
    for (const job of ['shop', 'ro']) {
      const r = await runKura(['run', job, '--json'], env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await rsyncd?.stop();
    await work?.cleanup();
  });

  it('restores the whole tree into a folder, identical to the source', async () => {
    const to = join(work.path, 'restored-all');
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to, '--yes', '--json'], env);
    const out = r.json as RestoreJson;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.status).toBe('success');
    // The snapshot was checked file by file before the copy; the copy is checked the same way after it.
    expect(out.verification.map((c) => [c.check.text, c.ok])).toEqual([['restored files', true]]);
    expect(out.verification[0]!.detail.text).toMatch(/each with the sha256 recorded in the backup/);
    expect(out.verification[0]!.detail).toMatchObject({ code: 'files-detail-hashed', params: { count: 3 } });
    const diff = await runProcess({ file: 'diff', args: ['-r', site, to] });
    expect(diff.exitCode, diff.stdout).toBe(0);
  });

  it('restores one subfolder alone, and one file alone', async () => {
    const to = join(work.path, 'restored-sub');
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to, '--path', '画像/2026 春', '--yes', '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const diff = await runProcess({ file: 'diff', args: ['-r', join(site, '画像', '2026 春'), join(to, '画像', '2026 春')] });
    expect(diff.exitCode, diff.stdout).toBe(0);
    await expect(readFile(join(to, 'index.php'))).rejects.toThrow();
    await expect(readFile(join(to, '画像', 'logo.png'))).rejects.toThrow();

    const one = join(work.path, 'restored-one');
    const f = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', one, '--path', 'index.php', '--yes', '--json'], env);
    expect(f.code, f.stdout + f.stderr).toBe(0);
    expect(await readFile(join(one, 'index.php'), 'utf8')).toBe('<?php echo 1;');

    const missing = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', one, '--path', 'nope/x', '--yes', '--json'], env);
    expect(missing.code).toBe(2);
    expect((missing.json as RestoreJson).error!.code).toBe('path-not-in-snapshot');
    const escape = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', one, '--path', '../../etc', '--yes', '--json'], env);
    expect((escape.json as RestoreJson).error).toMatchObject({ code: 'restore-path-leaves-snapshot', params: { path: '../../etc' }, message: expect.stringMatching(/leaves the snapshot/) });
  });

  it('restores back into the original rsync daemon module, verified by a dry run', async () => {
    await rm(join(site, '画像'), { recursive: true });
    await writeFile(join(site, 'index.php'), 'defaced');
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--yes', '--json'], env);
    const out = r.json as RestoreJson;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.verification.find((c) => c.check.text === 'restored files')).toMatchObject({ ok: true, detail: { text: expect.stringMatching(/nothing left to copy/) } });
    expect(await readFile(join(site, 'index.php'), 'utf8')).toBe('<?php echo 1;');
    expect((await readFile(join(site, '画像', '2026 春', '桜 🌸.jpg'))).length).toBe(200_000);
  });

  it('replaces a file altered behind rsync\'s quick check (same size, its time put back), in the module and in a folder', async () => {
    // An intruder's edit that keeps the file's length and puts its modification time back (touch -r):
    // rsync's quick check (size and time) takes it for the snapshot's copy and skips it.
    const deface = async (path: string) => {
      const before = await stat(path);
      await writeFile(path, '<?php echo 2;'); // the length of '<?php echo 1;'
      await utimes(path, before.atime, before.mtime);
    };
    await deface(join(site, 'index.php'));
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--yes', '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = r.json as RestoreJson;
    expect(out.status).toBe('success');
    expect(await readFile(join(site, 'index.php'), 'utf8')).toBe('<?php echo 1;');
    // The admin is told: the file rsync skipped was copied again by content, and the check then passed.
    expect(out.steps.find((m) => m.code === 'files-restore-recopied')).toMatchObject({ params: { count: 1 }, text: expect.stringMatching(/^1 file at .* had the size and modification time of the snapshot's copy but other content/) });
    expect(out.verification.every((c) => c.ok)).toBe(true);

    const to = join(work.path, 'restored-quick-check');
    expect((await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to, '--yes', '--json'], env)).code).toBe(0);
    await deface(join(to, 'index.php'));
    const again = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to, '--yes', '--json'], env);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await readFile(join(to, 'index.php'), 'utf8')).toBe('<?php echo 1;');
    expect((again.json as RestoreJson).steps.map((m) => m.code)).toContain('files-restore-recopied');
  });

  it('says so plainly when the module is read only, before anything is copied', async () => {
    const r = await runKura(['restore', 'ro', 'latest', '--source', 'www', '--yes', '--json'], env);
    const out = r.json as RestoreJson;
    // Refused by the rights check before Start (a request that cannot be carried out as given), naming the read-only module.
    expect(r.code).toBe(2);
    expect(out.error!.code).toBe('restore-rights-files');
    expect(`${out.error!.message} ${out.error!.hint}`).toMatch(/read-only/i);
    expect(out.error!.hint).toMatch(/--rsync-user/);
  });

  it('works on a new PC: empty KURA_HOME, only the backup folder', async () => {
    const fresh = { KURA_HOME: join(work.path, 'new-pc') };
    const list = await runKura(['snapshots', '--from', dest, '--job', 'shop', '--json'], fresh);
    expect(list.code, list.stderr).toBe(0);
    expect((list.json as unknown[]).length).toBe(1);
    const to = join(work.path, 'restored-new-pc');
    const r = await runKura(['restore', '--from', join(dest, 'shop'), 'latest', '--source', 'www', '--to-path', to, '--yes', '--json'], fresh);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((r.json as RestoreJson).status).toBe('success');
    expect(await readFile(join(to, 'index.php'), 'utf8')).toBe('<?php echo 1;');
    // Without a target there is nothing to restore "back" to on a PC with no config: a clear error.
    const noTarget = await runKura(['restore', '--from', join(dest, 'shop'), 'latest', '--source', 'www', '--yes', '--json'], fresh);
    expect(noTarget.code).toBe(2);
    expect((noTarget.json as RestoreJson).error!.hint).toMatch(/--to-path/);
  });

  it('speaks Japanese with LANG=ja_JP.UTF-8: the plan, the steps, the checks; --json keeps code and facts and adds the Japanese text', async () => {
    const ja = { ...env, LANG: 'ja_JP.UTF-8' };
    const to = join(work.path, 'restored-ja');
    const asked = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to], ja);
    expect(asked.code).toBe(2);
    expect(asked.stdout).toMatch(/^復元の計画 — スナップショット \S+、ソース www（files、/);
    expect(asked.stdout).toContain(`すべてのファイルを ${to} にコピーします。`);
    expect(asked.stdout).toContain('復元先のすべてのファイルを、記録された sha256 と照合します。');
    expect(asked.stderr).toContain('--yes を付けて確定してください');
    expect(asked.stdout + asked.stderr).not.toMatch(/Restore plan|Nothing was restored|Copy all files/);

    const done = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to, '--yes'], ja);
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^復元しました：スナップショット \S+ の www/);
    expect(done.stdout).toMatch(/スナップショット \S+ の files\/www を確認しました。マニフェストと一致しています。/);
    expect(done.stdout).toContain('OK     復元したファイル：復元先のファイル 3 個（200 KB）が、すべてバックアップに記録された sha256 と一致しました');
    // No sentence of Kura's is left in English: what is left are facts (paths, ids, byte sizes).
    expect(done.stdout.replaceAll(to, '').replace(/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z/g, '')).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);

    const json = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to, '--yes', '--json'], ja);
    const out = json.json as RestoreJson;
    expect(out.verification[0]).toMatchObject({
      check: { code: 'restore-check-restored-files', params: {}, text: '復元したファイル' },
      detail: { code: 'files-detail-hashed', params: { count: 3 }, text: expect.stringContaining('復元先のファイル 3 個') },
    });
    expect(out.steps[0]).toMatchObject({ code: 'restore-checked', text: expect.stringMatching(/^スナップショット .* を確認しました。/) });
    // Every message of the outcome renders in Japanese with no English sentence (facts aside).
    expect(notJapanese(messagesOf(out))).toEqual([]);

    // An error, in Japanese, with its code and facts.
    const escape = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to, '--path', '../x', '--yes', '--json'], ja);
    expect((escape.json as RestoreJson).error).toMatchObject({ code: 'restore-path-leaves-snapshot', params: { path: '../x' }, message: 'パス「../x」はスナップショットの外を指しています（「..」）。' });
  });

  it('asks before restoring and changes nothing without --yes when there is no terminal', async () => {
    const to = join(work.path, 'not-confirmed');
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Restore plan/);
    expect(r.stderr).toMatch(/add --yes/);
    await expect(readFile(join(to, 'index.php'))).rejects.toThrow();
  });

  it('overwriting the website in place (no --mirror): the plan counts the files it replaces and asks for the typed confirmation', async () => {
    const engine = createEngine({ home: env['KURA_HOME']!, secrets: createKeychainSecretStore() });
    const req = { jobId: 'shop', snapshotId: 'latest', sourceId: 'www' } as const;
    // The site as the snapshot holds it: nothing would be replaced, no typed confirmation.
    const same = await engine.planRestore(req);
    expect(same.destructive).toBe(false);
    expect(same.overwrites).toBeNull();
    // Someone changed index.php (and added a file the restore leaves alone without --mirror).
    await writeFile(join(site, 'index.php'), '<?php echo "changed";');
    await writeFile(join(site, 'new.html'), 'new');
    try {
      const plan = await engine.planRestore(req);
      expect(plan.destructive).toBe(true);
      expect(plan.overwrites).toMatchObject({ code: 'files-overwrites-count', params: { count: 1 } });
      expect(english(plan.overwrites!)).toMatch(/^1 file at rsync:\/\/.*\/www\/? differs from the snapshot and is replaced by its copy \(what it holds now is lost\): index\.php\.$/);
      expect(ja(plan.overwrites!)).toContain('スナップショットのものに置き換えられます');
      // One file alone: the same question, the same answer.
      const one = await engine.planRestore({ ...req, files: { path: 'index.php', mirror: false } });
      expect(one).toMatchObject({ destructive: true, overwrites: { code: 'files-overwrites-count', params: { count: 1 } } });
      const untouched = await engine.planRestore({ ...req, files: { path: '画像/logo.png', mirror: false } });
      expect(untouched).toMatchObject({ destructive: false, overwrites: null });
      // The CLI prints the count before asking; without a terminal nothing is changed.
      const asked = await runKura(['restore', 'shop', 'latest', '--source', 'www'], env);
      expect(asked.code).toBe(2);
      expect(asked.stdout).toContain('differs from the snapshot and is replaced by its copy');
      expect(await readFile(join(site, 'index.php'), 'utf8')).toBe('<?php echo "changed";');
    } finally {
      await writeFile(join(site, 'index.php'), '<?php echo 1;');
      await rm(join(site, 'new.html'), { force: true });
    }
  });
});
