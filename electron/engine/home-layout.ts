/**
 * Where everything lives under KURA_HOME, in one place: the config, the job locks, the run logs and
 * history, the state files, SSH's known hosts, the off-site caches. A reader of the folder (an admin,
 * a support session, the next version of Kura) finds the layout here, and two modules can never
 * disagree about a path.
 */
import { join } from 'node:path';

export const homeLayout = {
  configFile: (home: string) => join(home, 'config.json'),
  /** One folder of lock generations per job (jobs/job-lock.ts). */
  locksDir: (home: string, jobId: string) => join(home, 'locks', jobId),
  /** The single lock file of Kura before generations, still honoured while its process lives. */
  legacyLockFile: (home: string, jobId: string) => join(home, 'locks', `${jobId}.lock`),
  /** Small JSON state files: destinations, standbys, alerts, scheduler, the shell's window, measured restore rates. */
  stateFile: (home: string, name: 'destinations' | 'standbys' | 'alerts' | 'scheduler' | 'shell' | 'restore-rates') => join(home, 'state', `${name}.json`),
  standbyPausesDir: (home: string) => join(home, 'state', 'standby-pauses'),
  offsiteStateFile: (home: string, jobId: string) => join(home, 'offsite', `${jobId}.json`),
  /** Off-site copies and objects a verify found damaged (offsite/remote-damage.ts). */
  offsiteDamageFile: (home: string, jobId: string) => join(home, 'offsite', `${jobId}.damaged.json`),
  offsiteWorkDir: (home: string) => join(home, 'offsite', 'work'),
  offsiteCacheDir: (home: string, key: string) => join(home, 'offsite-cache', key),
  sshDir: (home: string) => join(home, 'ssh'),
  knownHostsFile: (home: string) => join(home, 'ssh', 'known_hosts'),
  runLogFile: (home: string, jobId: string, runId: string) => join(home, 'logs', jobId, `${runId}.log`),
  historyDir: (home: string) => join(home, 'history'),
  historyFile: (home: string, jobId: string) => join(home, 'history', `${jobId}.jsonl`),
  /** What `rsync --version` printed for the rsync found, by that binary's identity (tools/rsync/detect-rsync.ts). */
  rsyncVersionMemo: (home: string) => join(home, 'state', 'rsync-version.json'),
  /** Private temporary files (MySQL option files), swept at start. */
  tmpDir: (home: string) => join(home, 'tmp'),
} as const;
