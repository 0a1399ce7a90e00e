/**
 * `kura restore` on a terminal: a plan that replaces files in place (the engine marks it destructive,
 * restore-engine.ts) asks for the typed word, not a "yes" — the same as for a database — and a plan
 * that replaces nothing takes a "yes". What is typed decides whether the engine's restore runs at all.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { restoreCommand } from '../../../electron/cli/commands/restore.js';
import type { CliIo } from '../../../electron/cli/cli-io.js';
import type { RestorePlan } from '../../../electron/engine/restore/types.js';
import { msg } from '../../../electron/shared/messages/index.js';

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _e, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

async function restoreOnTerminal(plan: RestorePlan, typed: string) {
  const restores: unknown[] = [];
  const engine = {
    loadConfig: async () => ({ settings: { language: 'en' } }),
    planRestore: async () => plan,
    restore: async (req: unknown) => {
      restores.push(req);
      return { status: 'success', steps: [], verification: [], safetyBackup: null, error: null };
    },
  };
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = sink();
  const stderr = sink();
  const io = { stdin, stdout, stderr, env: { LANG: 'C' }, engine: () => engine, signal: new AbortController().signal, appRoot: '.' } as unknown as CliIo;
  const running = restoreCommand.run(['shop', 'latest', '--source', 'www'], io);
  // Answer once the question is on the screen.
  for (let i = 0; i < 200 && !stderr.text().includes('?') && !stderr.text().includes(':'); i++) await new Promise((r) => setTimeout(r, 5));
  stdin.write(`${typed}\n`);
  const code = await running;
  return { code, restores, stdout: stdout.text(), stderr: stderr.text() };
}

const replacing: RestorePlan = {
  snapshotId: '2026-01-01T00-00-00Z',
  sourceId: 'www',
  type: 'files',
  steps: [msg('files-plan-copy-all', { to: 'rsync://web@shop.example.com/www/' })],
  overwrites: msg('files-overwrites-count', { count: 1, where: 'rsync://web@shop.example.com/www/', names: 'index.php' }),
  destructive: true,
  safetyBackup: null,
  bytes: 10,
  rights: null,
};

describe('kura restore on a terminal: website files replaced in place', () => {
  it('shows the count, and "yes" is not enough: the word must be typed', async () => {
    const yes = await restoreOnTerminal(replacing, 'yes');
    expect(yes.stdout).toContain('1 file at rsync://web@shop.example.com/www/ differs from the snapshot and is replaced by its copy');
    expect(yes.stderr).toMatch(/type .*restore/i);
    expect(yes.restores).toHaveLength(0);
    expect(yes.code).toBe(2);
    const typed = await restoreOnTerminal(replacing, 'restore');
    expect(typed.restores).toHaveLength(1);
    expect(typed.code).toBe(0);
  });

  it('nothing replaced: a "yes" is enough', async () => {
    const r = await restoreOnTerminal({ ...replacing, overwrites: null, destructive: false }, 'yes');
    expect(r.restores).toHaveLength(1);
    expect(r.code).toBe(0);
  });
});
