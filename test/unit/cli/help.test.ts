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
});
