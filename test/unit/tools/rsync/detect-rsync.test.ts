import { readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToolResolver, type ToolResolver } from '../../../../electron/engine/tools/resolve-tool.js';
import { detectRsync, parseRsyncVersion } from '../../../../electron/engine/tools/rsync/detect-rsync.js';
import { skipOnWindows } from '../../../harness/platform.js';
import { tempDir } from '../../../harness/tmp.js';

describe('parseRsyncVersion', () => {
  it.each([
    ['rsync  version 3.5.0  protocol version 32\nCopyright (C) 1996-2026 by Andrew Tridgell', '3.5.0', 32],
    ['rsync  version 3.2.7  protocol version 31\n', '3.2.7', 31],
    ['rsync  version v3.2.3  protocol version 31\n', '3.2.3', 31],
    ['rsync  version 3.4.2dev  protocol version 32\n', '3.4.2', 32],
    ['rsync  version 3.0.9  protocol version 30\n', '3.0.9', 30],
    ['openrsync: protocol version 29\nrsync version 2.6.9 compatible\n', '2.6.9', 29],
  ])('%j', (text, version, protocol) => {
    expect(parseRsyncVersion(text)).toMatchObject({ version, protocol });
  });

  it('returns null for something that is not rsync', () => {
    expect(parseRsyncVersion('Usage: foo [options]')).toBeNull();
  });
});

describe('detectRsync (the real rsync on this machine)', () => {
  it('finds rsync, its version and capabilities', async (ctx) => {
    skipOnWindows(ctx, 'needs rsync (the Windows job detects its fake cwRsync in test/windows/inner)');
    const c = await detectRsync(createToolResolver(), { platform: 'linux' });
    expect(c.path).toMatch(/rsync$/);
    expect(c.version).toMatch(/^3\.\d+\.\d+$/);
    expect(c.protocol).toBeGreaterThanOrEqual(30);
    expect(c).toMatchObject({ flavour: 'rsync', platform: 'linux', supports: { infoProgress2: true } });
    expect(c.sshPath).toMatch(/ssh$/);
  });

  it('treats win32 as cwRsync', async (ctx) => {
    skipOnWindows(ctx, 'needs rsync (the Windows job detects its fake cwRsync in test/windows/inner)');
    const c = await detectRsync(createToolResolver(), { platform: 'win32' });
    expect(c.flavour).toBe('cwrsync');
    expect(c.platform).toBe('win32');
  });

  it('reports a missing rsync with an install hint for the platform', async () => {
    const none: ToolResolver = { resolve: async () => null };
    await expect(detectRsync(none, { platform: 'linux' })).rejects.toMatchObject({ code: 'rsync-missing', category: 'config', hint: expect.stringContaining('apt install rsync') });
    await expect(detectRsync(none, { platform: 'win32' })).rejects.toMatchObject({ code: 'rsync-missing', hint: expect.stringContaining('cwRsync') });
  });

  it('refuses a program that is not rsync', async (ctx) => {
    skipOnWindows(ctx, 'uses /bin/echo as the program that is not rsync');
    const wrong: ToolResolver = { resolve: async (name) => (name === 'rsync' ? '/bin/echo' : null) };
    await expect(detectRsync(wrong)).rejects.toMatchObject({ code: 'rsync-unusable', category: 'config' });
  });
});

describe('detectRsync remembers --version by the binary (versionMemoFile)', () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    tmp = await tempDir('kura-rsync-memo-');
  });
  afterEach(() => tmp.cleanup());

  /** A program at `<tmp>/rsync` that answers --version as rsync would and counts how often it was started. */
  async function fakeRsync(version = '3.2.7'): Promise<{ path: string; tools: ToolResolver; starts: () => Promise<number> }> {
    const path = join(tmp.path, 'rsync');
    const count = join(tmp.path, 'starts');
    await writeFile(path, `#!/bin/sh\necho x >> '${count}'\necho 'rsync  version ${version}  protocol version 31'\n`, { mode: 0o755 });
    return {
      path,
      tools: { resolve: async (name) => (name === 'rsync' ? path : null) },
      starts: async () => (await readFile(count, 'utf8').catch(() => '')).split('\n').filter(Boolean).length,
    };
  }

  it('asks rsync once, then not again while the binary is the same; a replaced binary is asked again', async (ctx) => {
    skipOnWindows(ctx, 'a shell script stands in for rsync');
    const fake = await fakeRsync();
    const memo = join(tmp.path, 'state', 'rsync-version.json');
    const first = await detectRsync(fake.tools, { platform: 'linux', versionMemoFile: memo });
    expect(first.version).toBe('3.2.7');
    expect(await fake.starts()).toBe(1);
    const again = await detectRsync(fake.tools, { platform: 'linux', versionMemoFile: memo });
    expect(again).toEqual(first);
    expect(await fake.starts()).toBe(1);

    // An upgrade in place (another file at the same path): its own version, asked again.
    await rm(fake.path);
    await fakeRsync('3.4.1');
    expect((await detectRsync(fake.tools, { platform: 'linux', versionMemoFile: memo })).version).toBe('3.4.1');
    expect(await fake.starts()).toBe(2);

    // The same file touched (or written over in place): asked again too.
    await utimes(fake.path, new Date(), new Date(Date.now() + 5000));
    expect((await detectRsync(fake.tools, { platform: 'linux', versionMemoFile: memo })).version).toBe('3.4.1');
    expect(await fake.starts()).toBe(3);
  });

  it('a damaged or foreign memo only means asking again; a memo never makes a non-rsync pass', async (ctx) => {
    skipOnWindows(ctx, 'a shell script stands in for rsync');
    const fake = await fakeRsync();
    const memo = join(tmp.path, 'rsync-version.json');
    await writeFile(memo, '{"path": "' + fake.path);
    expect((await detectRsync(fake.tools, { platform: 'linux', versionMemoFile: memo })).version).toBe('3.2.7');
    expect(await fake.starts()).toBe(1);
    // A memo naming this binary but holding something that is not rsync's answer is not believed.
    const m = JSON.parse(await readFile(memo, 'utf8')) as Record<string, unknown>;
    await writeFile(memo, JSON.stringify({ ...m, stdout: 'Usage: foo' }));
    expect((await detectRsync(fake.tools, { platform: 'linux', versionMemoFile: memo })).version).toBe('3.2.7');
    expect(await fake.starts()).toBe(2);
    // Another program at another path is asked itself, never answered from this memo.
    const wrong: ToolResolver = { resolve: async (name) => (name === 'rsync' ? '/bin/echo' : null) };
    await expect(detectRsync(wrong, { versionMemoFile: memo })).rejects.toMatchObject({ code: 'rsync-unusable' });
  });
});
