/**
 * Watches every process on the machine while a test runs and records where a secret shows up:
 * in a command line (/proc/<pid>/cmdline) or in an environment (/proc/<pid>/environ). The SSH
 * tests start it around runs and assert `hits()` is empty: no password, passphrase or database
 * secret may ever be handed to another process in argv or the environment.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface SecretWatch {
  /** "pid 123 cmdline: <process>" for each place a secret was seen. */
  stop(): Promise<string[]>;
  /** Distinct command lines seen (to prove the tools really ran while watched). */
  commands(): string[];
}

export function watchSecrets(secrets: readonly string[]): SecretWatch {
  const needles = secrets.filter((s) => s.length >= 6).map((s) => Buffer.from(s));
  const hits = new Set<string>();
  const seen = new Set<string>();
  let polling = true;
  // One round reads /proc synchronously (a few µs per file): through the thread pool a round over a
  // couple of hundred processes took long enough on a loaded machine to miss a short-lived rsync and
  // its SSH proxy. Between rounds the event loop runs (the test awaits Kura's process meanwhile).
  const read = (path: string): Buffer | null => {
    try {
      return readFileSync(path);
    } catch {
      return null; // gone meanwhile, or not ours to read
    }
  };
  const loop = (async () => {
    while (polling) {
      let pids: string[] = [];
      try {
        pids = readdirSync('/proc');
      } catch {
        /* no /proc: nothing to watch */
      }
      for (const pid of pids) {
        if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
        let command = '';
        for (const what of ['cmdline', 'environ'] as const) {
          const buf = read(`/proc/${pid}/${what}`);
          if (!buf || buf.length === 0) continue;
          if (what === 'cmdline') seen.add((command = buf.toString('utf8').replace(/\0/g, ' ').trim()));
          for (const n of needles) {
            // An environment hit names its process too (a secret the caller itself was started with is not a leak).
            if (buf.includes(n)) hits.add(`pid ${pid} ${what}${what === 'environ' ? ` of [${command.slice(0, 160)}]` : ''}: ${buf.toString('utf8').replace(/\0/g, ' ').slice(0, 200)}`);
          }
        }
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    async stop() {
      polling = false;
      await loop;
      return [...hits];
    },
    commands: () => [...seen],
  };
}
