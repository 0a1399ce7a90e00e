/**
 * What the browser tests share: `kura serve` started until it prints its one-time link, and
 * Debian's headless Chromium with HOME and XDG folders of its own (it cannot write the real ones,
 * and must not read a developer's profile).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startProcess, type RunningProcess } from '../../electron/engine/process/run-process.js';
import { KURA_BIN } from './kura-cli.js';

export interface KuraServe {
  proc: RunningProcess;
  /** The printed URL with its one-time token. */
  url: string;
  /** What `kura serve` wrote to stderr so far. */
  stderr: string[];
}

/** Starts `kura serve` with `env` and resolves with the link it prints; rejects if it exits first. */
export async function startKuraServe(env: Record<string, string>): Promise<KuraServe> {
  const stderr: string[] = [];
  let proc!: RunningProcess;
  const url = await new Promise<string>((resolve, reject) => {
    proc = startProcess(
      { file: process.execPath, args: [KURA_BIN, 'serve'], env },
      {
        stdout: 'lines',
        onStdoutLine: (line) => {
          // The link's line, in whichever language Kura speaks.
          const m = /(http:\/\/\S+)/.exec(line);
          if (m?.[1]) resolve(m[1]);
        },
        onStderrLine: (line) => stderr.push(line),
      },
    );
    void proc.result.then((r) => reject(new Error(`kura serve exited early (${r.exitCode}): ${r.stderr}`)));
  });
  return { proc, url, stderr };
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches /usr/bin/chromium headless with its HOME and XDG folders under `chromeHome`. */
export async function launchChromium(chromeHome: string): Promise<Browser> {
  for (const d of ['home', 'config', 'cache', 'data']) await mkdir(join(chromeHome, d), { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    env: {
      ...process.env,
      HOME: join(chromeHome, 'home'),
      XDG_CONFIG_HOME: join(chromeHome, 'config'),
      XDG_CACHE_HOME: join(chromeHome, 'cache'),
      XDG_DATA_HOME: join(chromeHome, 'data'),
    },
  });
}
