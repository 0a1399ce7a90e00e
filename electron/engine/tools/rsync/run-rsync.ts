/**
 * Runs one rsync command and turns its ending into a value or a typed error; shared by pull, push
 * and list so the password, environment, cancellation and exit-code handling cannot drift apart.
 *
 * The daemon password goes ONLY into RSYNC_PASSWORD (never argv, never `--password-file`: cwRsync's
 * permission check on that file cannot pass on NTFS). Without a password the variable is set empty,
 * which stops rsync from prompting "Password:" on a terminal nobody watches at midnight. Variables
 * that would silently change how rsync connects or parses arguments are removed from its environment.
 */
import { homedir } from 'node:os';
import { KuraError, throwIfCancelled } from '../../errors.js';
import type { FilesLocation } from '../../config/files-location.js';
import type { Logger } from '../../progress.js';
import { startProcess } from '../../process/run-process.js';
import type { RsyncClient } from './detect-rsync.js';
import { classifyRsyncExit, type RsyncOperation } from './rsync-errors.js';
import { buildSshCommand } from './ssh-command.js';

export interface RunRsyncInput {
  client: RsyncClient;
  args: string[];
  operation: RsyncOperation;
  location: FilesLocation;
  password: string | null;
  signal?: AbortSignal;
  logger?: Logger;
  onStdoutLine?: (line: string) => void;
  /** See RsyncExitContext.listedFiles. */
  listedFiles?: boolean;
}

export interface RunRsyncResult {
  /** Plain-language warnings (vanished or unreadable files): the run succeeded, with these caveats. */
  warnings: string[];
}

export async function runRsync(input: RunRsyncInput): Promise<RunRsyncResult> {
  throwIfCancelled(input.signal);
  const isDaemon = input.location.kind === 'daemon';
  const password = isDaemon ? (input.password ?? '') : undefined;
  const env: Record<string, string | undefined> = {
    RSYNC_PASSWORD: password,
    RSYNC_RSH: undefined,
    RSYNC_CONNECT_PROG: undefined,
    RSYNC_OLD_ARGS: undefined,
    RSYNC_PROTECT_ARGS: undefined,
  };
  // cwRsync's ssh keeps known_hosts under $HOME, which Windows does not set; Cygwin accepts a
  // Windows-style HOME and converts it. Without it, accept-new cannot remember the server's key.
  if (input.client.flavour === 'cwrsync' && !process.env['HOME']) env['HOME'] = homedir();
  const secrets = input.password ? [input.password] : [];
  const proc = startProcess(
    // cwRsync is a Cygwin program: its command line is quoted the way cygwin1.dll splits it.
    { file: input.client.path, args: input.args, env, secrets, windowsArgv: input.client.flavour === 'cwrsync' ? 'cygwin' : 'msvcrt' },
    {
      signal: input.signal,
      logger: input.logger,
      stdout: input.onStdoutLine ? 'lines' : 'ignore',
      onStdoutLine: input.onStdoutLine,
      onStderrLine: (line) => input.logger?.log('warn', line.startsWith('rsync') ? line : `rsync: ${line}`),
    },
  );
  const result = await proc.result;
  if (result.cancelled) throw new KuraError({ code: 'cancelled', category: 'cancelled', message: 'The run was cancelled.' });
  if (result.exitCode === null) {
    throw new KuraError({
      code: 'rsync-killed',
      category: 'internal',
      message: `rsync was stopped by ${result.signal ?? 'a signal'} before it finished.`,
      hint: `Something on this computer ended rsync (low memory, a security tool?). ${input.operation === 'push' ? 'Start the restore again.' : 'Run the backup again.'}`,
      detail: `${result.command}\n${result.stderr}`,
    });
  }
  const outcome = classifyRsyncExit(result.exitCode, result.stderr, {
    operation: input.operation,
    location: input.location,
    command: result.command,
    listedFiles: input.listedFiles,
    flavour: input.client.flavour,
  });
  switch (outcome.kind) {
    case 'ok':
      return { warnings: [] };
    case 'warning':
      input.logger?.log('warn', outcome.message);
      return { warnings: [outcome.message] };
    case 'failed':
      throw outcome.error;
  }
}

/** The `-e` value for SSH locations (undefined for the others). */
export function sshCommandFor(client: RsyncClient, location: FilesLocation, keyPath: string | undefined, port: number | undefined): string | undefined {
  if (location.kind !== 'ssh') return undefined;
  if (client.sshPath === null) {
    throw new KuraError({
      code: 'ssh-missing',
      category: 'config',
      message: `ssh was not found on this computer, and ${location.host} is an SSH address.`,
      hint:
        client.flavour === 'cwrsync'
          ? 'Reinstall Kura (it ships ssh.exe with cwRsync), or set the ssh path in Settings.'
          : 'Install the OpenSSH client, or set the ssh path in Settings.',
    });
  }
  return buildSshCommand({ sshPath: client.sshPath, flavour: client.flavour, keyPath, port });
}
