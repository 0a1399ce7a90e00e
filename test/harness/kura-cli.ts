/**
 * Runs the real `kura` CLI (bin/kura.js → out/cli, built by vitest's global setup) as a child process, the way an
 * admin or the scheduler would, with its own KURA_HOME.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runProcess, startProcess, type RunningProcess } from '../../electron/engine/process/run-process.js';

export const KURA_BIN = resolve(import.meta.dirname, '../../bin/kura.js');

export interface KuraCliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  json: unknown;
}

export async function runKura(args: string[], env: Record<string, string>, input?: string): Promise<KuraCliResult> {
  const r = await runProcess({ file: process.execPath, args: [KURA_BIN, ...args], env }, input === undefined ? {} : { input });
  let json: unknown = undefined;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    /* not JSON */
  }
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr, json };
}

export function startKura(args: string[], env: Record<string, string>): RunningProcess {
  return startProcess({ file: process.execPath, args: [KURA_BIN, ...args], env }, { stdout: 'capture' });
}

/**
 * Writes `$KURA_HOME/config.json` with one job backing up one MySQL source (id "db") into `backups`,
 * the password read from the keychain entry `passwordRef`.
 */
export async function writeMysqlJobConfig(
  home: string,
  job: { id: string; backups: string; port: number; user: string; passwordRef: string; databases: string[] },
): Promise<void> {
  await mkdir(home, { recursive: true });
  await mkdir(job.backups, { recursive: true }); // the backup disk exists before a job uses it
  const config = {
    version: 1,
    jobs: [
      {
        id: job.id,
        name: job.id,
        destination: { path: job.backups },
        sources: [{ id: 'db', type: 'mysql', host: '127.0.0.1', port: job.port, user: job.user, passwordRef: job.passwordRef, databases: job.databases }],
      },
    ],
  };
  await writeFile(join(home, 'config.json'), JSON.stringify(config));
}
