/** The rsync / cwRsync tool module: what the rest of the engine imports. */
export { detectRsync, rsyncHomeOptions, parseRsyncVersion, MIN_RSYNC_VERSION, type RsyncClient, type RsyncFlavour, type DetectRsyncOptions } from './detect-rsync.js';
export { toCygwinPath, toRsyncPath } from './cygwin-path.js';
export { daemonSpellingOf, locationOperand, localOperand, type DaemonSpelling } from './rsync-address.js';
export { buildPullArgs, buildPushArgs, buildListArgs, type PushMode } from './rsync-args.js';
export { buildProxyCommand, buildSshCommand, type RemoteShellProgram } from './ssh-command.js';
export { parseProgressLine, ProgressTracker, type TransferProgress } from './rsync-progress.js';
export { parseStats, type RsyncStats } from './rsync-stats.js';
export { classifyRsyncExit, describeLocation, type RsyncOutcome, type RsyncOperation } from './rsync-errors.js';
export { pullFiles, type PullFilesOptions } from './pull-files.js';
export { pushFiles, type PushFilesOptions } from './push-files.js';
export { listTopLevel, parseListLine, type ListedEntry, type ListTopLevelOptions } from './list-top-level.js';
export type { TransferResult, TransferStats } from './rsync-transfer.js';
export { totalsFromStats, type TreeTotals } from './stats-totals.js';
