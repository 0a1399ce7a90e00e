import { describe, expect, it } from 'vitest';
import { runKura } from '../../harness/kura-cli.js';
import { commandLoaders } from '../../../electron/cli/main.js';

describe('kura --help', () => {
  it('lists every verb with a line each, and unknown verbs exit 2', async () => {
    const r = await runKura(['--help'], { KURA_HOME: '/nonexistent-kura-home' });
    expect(r.code).toBe(0);
    for (const verb of Object.keys(commandLoaders)) expect(r.stdout).toMatch(new RegExp(`^  ${verb} +\\S`, 'm'));
    const bad = await runKura(['frobnicate'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown command "frobnicate"');
  });

  it('prints usage errors with exit code 2', async () => {
    const r = await runKura(['run'], { KURA_HOME: '/nonexistent-kura-home' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Expected one job id[\s\S]*Usage: kura run/);
  });

  it('speaks the admin\'s language: LANG=ja_JP says every command and the frame in Japanese', async () => {
    const r = await runKura(['--help'], { KURA_HOME: '/nonexistent-kura-home', LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('コマンド：');
    // Outside the verbatim facts (command names, options, paths, tool names), no run of English words.
    for (const l of r.stdout.split('\n')) expect(l.replace(/`[^`]*`|\S*[-/$<>.]\S*/g, ''), l).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
    const one = await runKura(['verify', '--help'], { KURA_HOME: '/nonexistent-kura-home', LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
    expect(one.stdout).toMatch(/^スナップショットを確認し直します[\s\S]*使い方：kura verify/);
    const bad = await runKura(['frobnicate'], { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
    expect(bad.stderr).toContain('「frobnicate」というコマンドはありません。');
  });
});
