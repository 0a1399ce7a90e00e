/**
 * electron.vite.config.ts loads as electron-vite loads it (its loader prepends lines to every file the
 * config imports: a `#!` first line broke it once), and its main build puts every worker thread's
 * file beside out/main's bundle — without them the app's dumps and hashing cannot start a worker.
 */
import { readFile, rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFromFile } from 'electron-vite';
import { WORKER_FILES } from '../../../scripts/worker-files.mjs';

const root = resolve(import.meta.dirname, '..', '..', '..');

describe('electron.vite.config.ts', () => {
  it('loads, and copies every worker file beside the main bundle', async () => {
    const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, resolve(root, 'electron.vite.config.ts'));
    const main = (loaded.config as { main: { plugins: { name: string; writeBundle?: () => Promise<void> }[] } }).main;
    const copy = main.plugins.find((p) => p.name === 'kura-copy-workers');
    expect(copy?.writeBundle).toBeTypeOf('function');
    for (const file of WORKER_FILES) await rm(resolve(root, 'out', 'main', basename(file)), { force: true });
    await copy!.writeBundle!();
    for (const file of WORKER_FILES) {
      expect(await readFile(resolve(root, 'out', 'main', basename(file)), 'utf8')).toBe(await readFile(resolve(root, file), 'utf8'));
    }
  });
});
