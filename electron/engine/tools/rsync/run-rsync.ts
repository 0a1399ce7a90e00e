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
import { KuraError, throwIfCancelled } from '../../errors.js';
import type { FilesLocation } from '../../config/files-location.js';
import type { Logger } from '../../progress.js';
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
  const keyWarnings = keyNotRecorded === null ? [] : [knownHostNotRecorded(input.location, input.client.knownHostsFile)];
  for (const w of keyWarnings) input.logger?.log('warn', w);
  switch (outcome.kind) {
    case 'ok':
      return { warnings: keyWarnings };
    case 'warning':
      input.logger?.log('warn', outcome.message);
      return { warnings: [outcome.message, ...keyWarnings] };
    case 'failed':
      throw outcome.error;
  }
}

/**
 * ssh could not write the server's key to the known-hosts file: accept-new then trusts whatever
 * key the server shows on every run, so a changed key would never be noticed. Said once per run.
 */
function knownHostNotRecorded(location: FilesLocation, file: string | null): string {
  const host = location.kind === 'ssh' || location.kind === 'daemon' ? location.host : 'the server';
  return `ssh could not record the key of ${host} in ${file ?? 'its known-hosts file'}, so a changed server key would not be noticed. Check that Kura may write to that file.`;
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
  return buildSshCommand({ sshPath: client.sshPath, flavour: client.flavour, keyPath, port, knownHostsFile: client.knownHostsFile });
}
