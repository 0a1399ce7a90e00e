/**
 * Runs one rsync command and turns its ending into a value or a typed error; shared by pull, push
 * and list so the password, environment, cancellation and exit-code handling cannot drift apart.
 *
 * The daemon password goes ONLY into RSYNC_PASSWORD (never argv, never `--password-file`: cwRsync's
 * permission check on that file cannot pass on NTFS). Without a password the variable is set empty,
 * which stops rsync from prompting "Password:" on a terminal nobody watches at midnight. Variables
 * that would silently change how rsync connects or parses arguments are removed from its environment.
 */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { KuraError, kuraError, throwIfCancelled } from '../../errors.js';
import type { FilesLocation } from '../../config/files-location.js';
import { sayTo, type Logger } from '../../progress.js';
import { msg, type MessageData } from '../../../shared/messages/index.js';
import { startProcess } from '../../process/run-process.js';
import type { RsyncClient } from './detect-rsync.js';
import { classifyRsyncExit, type RsyncOperation } from './rsync-errors.js';
import { buildProxyCommand, buildSshCommand, type RemoteShellProgram } from './ssh-command.js';

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
  /** Variables the remote-shell program needs (Kura's SSH proxy under Electron); never secrets. */
  extraEnv?: Record<string, string>;
  /** Called once rsync has been started (work meant to run beside it starts then, not before). */
  onStarted?: () => void;
}

export interface RunRsyncResult {
  /** Warnings as data (vanished or unreadable files): the run succeeded, with these caveats. */
  warnings: MessageData[];
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
    ...input.extraEnv,
  };
  // cwRsync's ssh wants a HOME (for ~/.ssh/config); Windows does not set one, Cygwin accepts a
  // Windows-style HOME and converts it. Host keys go to Kura's own file (UserKnownHostsFile).
  if (input.client.flavour === 'cwrsync' && !process.env['HOME']) env['HOME'] = homedir();
  let keyNotRecorded: string | null = null;
  // ssh creates ~/.ssh itself but never the folder of a UserKnownHostsFile: without it, no key is
  // ever recorded. A failure here is left to ssh, whose complaint becomes the warning below.
  if (input.location.kind === 'ssh' && input.client.knownHostsFile) {
    await mkdir(dirname(input.client.knownHostsFile), { recursive: true, mode: 0o700 }).catch(() => {});
  }
  const secrets = input.password ? [input.password] : [];
  const proc = startProcess(
    // cwRsync is a Cygwin program: its command line is quoted the way cygwin1.dll splits it.
    { file: input.client.path, args: input.args, env, secrets, windowsArgv: input.client.flavour === 'cwrsync' ? 'cygwin' : 'msvcrt' },
    {
      signal: input.signal,
      logger: input.logger,
      stdout: input.onStdoutLine ? 'lines' : 'ignore',
      onStdoutLine: input.onStdoutLine,
      onStderrLine: (line) => {
        if (/Failed to add the host to the list of known hosts/i.test(line)) keyNotRecorded = line;
        input.logger?.log('warn', line.startsWith('rsync') ? line : `rsync: ${line}`);
      },
    },
  );
  input.onStarted?.();
  const result = await proc.result;
  if (result.cancelled) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  if (result.exitCode === null) {
    throw kuraError(input.operation === 'push' ? 'rsync-killed~restore' : 'rsync-killed', { signal: result.signal ?? 'SIGKILL' }, 'internal', { detail: `${result.command}\n${result.stderr}` });
  }
  const outcome = classifyRsyncExit(result.exitCode, result.stderr, {
    operation: input.operation,
    location: input.location,
    command: result.command,
    listedFiles: input.listedFiles,
    flavour: input.client.flavour,
  });
  const keyWarnings = keyNotRecorded === null ? [] : [knownHostNotRecorded(input.location, input.client.knownHostsFile)];
  for (const w of keyWarnings) sayTo(input.logger, 'warn', w);
  switch (outcome.kind) {
    case 'ok':
      return { warnings: keyWarnings };
    case 'warning':
      sayTo(input.logger, 'warn', outcome.message);
      return { warnings: [outcome.message, ...keyWarnings] };
    case 'failed':
      throw outcome.error;
  }
}

/**
 * ssh could not write the server's key to the known-hosts file: accept-new then trusts whatever
 * key the server shows on every run, so a changed key would never be noticed. Said once per run.
 */
function knownHostNotRecorded(location: FilesLocation, file: string | null): MessageData {
  const host = location.kind === 'ssh' || location.kind === 'daemon' ? location.host : '';
  return msg('rsync-known-host-not-recorded', { host, file: file ?? '~/.ssh/known_hosts' });
}

/** The `-e` value for SSH locations (undefined for the others); `shell`: the job's own SSH connection. */
export function sshCommandFor(
  client: RsyncClient,
  location: FilesLocation,
  keyPath: string | undefined,
  port: number | undefined,
  shell?: RemoteShellProgram,
): string | undefined {
  if (location.kind !== 'ssh') return undefined;
  if (shell) return buildProxyCommand(shell, client.flavour);
  if (client.sshPath === null) {
    throw kuraError(client.flavour === 'cwrsync' ? 'ssh-missing~not-found-windows' : 'ssh-missing~not-found', { host: location.host }, 'config');
  }
  return buildSshCommand({ sshPath: client.sshPath, flavour: client.flavour, keyPath, port, knownHostsFile: client.knownHostsFile });
}
