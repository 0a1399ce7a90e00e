/**
 * A stand-in for ssh that does what sshd does with the remote command: hand it to a shell
 * (`sh -c "<all words joined by spaces>"`), here on this machine. There is no sshd in the test
 * environment; with this, rsync's SSH transport runs for real (rsync is the tool under test, ssh is
 * only the pipe), and anything that reaches the "remote" command line unquoted IS executed — which
 * is exactly what the metacharacter tests need to prove does not happen.
 * It records each invocation's argv (NUL-separated, one invocation per line) for the -e tests.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SshShim {
  path: string;
  /** The argv of every invocation so far. */
  invocations(): Promise<string[][]>;
}

export async function makeSshShim(dir: string): Promise<SshShim> {
  const path = join(dir, 'fake-ssh');
  const log = join(dir, 'fake-ssh.argv');
  const script = `#!/bin/sh
for a in "$@"; do printf '%s\\0' "$a"; done >> '${log}'
printf '\\n' >> '${log}'
while [ $# -gt 0 ]; do
  case "$1" in
    -o|-p|-i|-l|-F|-c|-m|-J) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
shift
exec sh -c "$*"
`;
  await writeFile(path, script);
  await chmod(path, 0o755);
  return {
    path,
    async invocations() {
      const text = await readFile(log, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\0').filter((a, i, all) => !(a === '' && i === all.length - 1)));
    },
  };
}
