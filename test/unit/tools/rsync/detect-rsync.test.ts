import { describe, expect, it } from 'vitest';
import { createToolResolver, type ToolResolver } from '../../../../electron/engine/tools/resolve-tool.js';
import { detectRsync, parseRsyncVersion } from '../../../../electron/engine/tools/rsync/detect-rsync.js';
import { skipOnWindows } from '../../../harness/platform.js';

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
