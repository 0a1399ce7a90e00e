/**
 * The backup engine as one object: what the CLI, `kura daemon`, `kura serve` and the Electron shell
 * all drive. Side effects (clock, keychain, tool lookup) are passed in, so tests run it in plain
 * Node against real tools with a private KURA_HOME.
 */
import { listJobSnapshots } from './snapshot/job-snapshots.js';
import type { BrowseResult } from './restore/browse-snapshot.js';
import type { MessageData } from '../shared/messages/index.js';
import { join } from 'node:path';
import type { RestoreContext } from './restore/restore-engine.js';
import { snapshotsInFolder } from './restore/restore-source.js';
import type { RestoreTestReport } from './restore/restore-test.js';
import { listSafetyBackups, SAFETY_DIR, type SafetyBackup } from './restore/safety-backups.js';
import type { RestoreOutcome, RestorePlan, RestoreRequest, RestoreRunOptions } from './restore/types.js';
import { configPath, findJob, loadConfig, saveConfig } from './config/config-store.js';
import type { KuraConfig } from './config/schema.js';
import type { Logger, ProgressListener } from './progress.js';
import type { UnfinishedRestore } from './restore/unfinished-restores.js';
import { isOrphaned, markInterruptedRuns, readRunHistory, type RunRecord, type RunTrigger } from './run-log/run-history.js';
import type { SecretStore } from './secrets/secret-store.js';
import { withSessionSecrets } from './secrets/session-secret-store.js';
import type { RunResult } from './jobs/run-job.js';
import { jobRoot, listSnapshots, listUnusableSnapshots, pickSnapshot, removeLeftover, type SnapshotRef } from './snapshot/snapshot-store.js';
import type { SnapshotCheck } from './snapshot/verify-snapshot.js';
import { assessDestination, trustDestination, type DestinationAssessment, type DestinationState } from './snapshot/destination.js';
import { configureOptionFiles, sweepOptionFiles } from './tools/mysql/defaults-file.js';
import { createToolResolver, type ToolResolver } from './tools/resolve-tool.js';
import type { RemoteReadDeps } from './offsite/remote-snapshots.js';
import type { OffsiteVerifyReport } from './offsite/verify-offsite.js';
import { KURA_VERSION } from './version.js';
import { resolveLanguage } from '../shared/messages/language.js';
import { homeLayout } from './home-layout.js';

export interface EngineOptions {
  home: string;
  secrets: SecretStore;
  now?: () => Date;
  tools?: ToolResolver;
  /** Folders of tools shipped with Kura (bundled-tools.ts), searched before install folders and PATH. */
  bundledToolDirs?: readonly string[];
  kuraVersion?: string;
  /** Reading off-site copies (`--from`): the environment (AWS_*, RSYNC_PASSWORD, KURA_PASSPHRASE) and a passphrase prompt. */
  remote?: Pick<RemoteReadDeps, 'env' | 'askPassphrase'>;
}

export type Engine = ReturnType<typeof createEngine>;

export function createEngine(given: EngineOptions) {
  // `session.*` passwords (a restore account typed for one restore) stay in memory: see session-secret-store.ts.
  const options = { ...given, secrets: withSessionSecrets(given.secrets) };
  const home = options.home;
  const now = options.now ?? (() => new Date());
  // MySQL option files (the password, where a FIFO cannot be used) live under $KURA_HOME/tmp, and what
  // a killed Kura left there is swept now: every start of Kura (CLI, daemon, app) comes through here.
  configureOptionFiles(homeLayout.tmpDir(home));
  void sweepOptionFiles(homeLayout.tmpDir(home));
  const kuraVersion = options.kuraVersion ?? KURA_VERSION;
  let tools = options.tools;
  const toolResolver = async (): Promise<ToolResolver> => {
    if (tools) return tools;
    const cfg = await loadConfig(home);
    tools = createToolResolver({ overrides: cfg.settings.toolPaths, bundledDirs: options.bundledToolDirs ?? [] });
    return tools;
  };

  // Restore code is loaded on first use: a nightly `kura run` never needs it.
  const restoreContext = async (): Promise<RestoreContext & Pick<RemoteReadDeps, 'env' | 'askPassphrase' | 'home'>> => ({
    config: await loadConfig(home),
    secrets: options.secrets,
    tools: await toolResolver(),
    now,
    home,
    ...options.remote,
  });

  return {
    home,
    configPath: configPath(home),
    secrets: options.secrets,
    loadConfig: (): Promise<KuraConfig> => loadConfig(home),
    saveConfig: (config: unknown): Promise<KuraConfig> => saveConfig(home, config),
    tools: toolResolver,

    /** Runs a job now. Throws `job-locked` when another run of it is in progress (in any process). */
    async runJob(jobId: string, opts: { trigger: RunTrigger; signal?: AbortSignal; onProgress?: ProgressListener }): Promise<RunResult> {
      const config = await loadConfig(home);
      const job = findJob(config, jobId);
      // Loaded on first use, like restore: `kura status` and `kura --help` never need the backup code.
      const { runJob } = await import('./jobs/run-job.js');
      return runJob({ home, secrets: options.secrets, tools: await toolResolver(), now, kuraVersion, language: resolveLanguage(config.settings.language) }, job, opts);
    },

    async snapshots(jobId: string): Promise<SnapshotRef[]> {
      const job = findJob(await loadConfig(home), jobId);
      return listJobSnapshots(job, now());
    },

    /** Whether the job's backup folder is the backup disk Kura remembers (snapshot/destination.ts). */
    async destination(jobId: string): Promise<DestinationAssessment> {
      const job = findJob(await loadConfig(home), jobId);
      return assessDestination(home, job.id, job.destination.path);
    },

    /** Accepts the job's backup folder as it is now (after moving the backups on purpose). */
    async trustDestination(jobId: string): Promise<DestinationState> {
      const job = findJob(await loadConfig(home), jobId);
      return trustDestination(home, job.id, job.destination.path);
    },

    /** Snapshot folders of a job whose manifest is not usable (not Kura's, or naming paths outside it). */
    async unusableSnapshots(jobId: string): Promise<Array<{ id: string; path: string; reason: MessageData }>> {
      const job = findJob(await loadConfig(home), jobId);
      return listUnusableSnapshots(jobRoot(job.destination.path, job.id));
    },

    async snapshot(jobId: string, idOrLatest: string): Promise<SnapshotRef> {
      return pickSnapshot(await this.snapshots(jobId), idOrLatest, jobId);
    },

    async verify(jobId: string, idOrLatest: string, signal?: AbortSignal): Promise<SnapshotCheck> {
      const snap = await this.snapshot(jobId, idOrLatest);
      const { verifySnapshot } = await import('./snapshot/verify-snapshot.js');
      return verifySnapshot(snap.path, snap.manifest, signal);
    },

    /** What restore, finish and roll back run with (config, keychain, tools, clock, $KURA_HOME). */
    restoreContext,

    async planRestore(req: RestoreRequest): Promise<RestorePlan> {
      const { planRestore } = await import('./restore/restore-engine.js');
      return planRestore(await restoreContext(), req);
    },

    /** One folder of a files item in a snapshot, for the restore wizard's browser (restore/browse-snapshot.ts). */
    async browseFiles(req: RestoreRequest, folder: string, signal?: AbortSignal): Promise<BrowseResult> {
      const { browseFilesItem } = await import('./restore/browse-snapshot.js');
      return browseFilesItem(await restoreContext(), req, folder, signal);
    },

    async restore(req: RestoreRequest, opts: RestoreRunOptions = {}): Promise<RestoreOutcome> {
      const { runRestore } = await import('./restore/restore-engine.js');
      return runRestore(await restoreContext(), req, opts);
    },

    /**
     * Restores whose journal is open (restore-journal.ts): interrupted by a crash, ended in a state
     * that needs a decision, damaged — or simply running in another process.
     */
    async unfinishedRestores(lang: 'en' | 'ja' = 'en'): Promise<UnfinishedRestore[]> {
      const { unfinishedRestores } = await import('./restore/unfinished-restores.js');
      return unfinishedRestores(home, lang);
    },

    /** "Finish the restore": runs the interrupted restore's request again (journal-recovery.ts). */
    async finishRestore(id: string, opts: RestoreRunOptions = {}): Promise<RestoreOutcome> {
      const { finishRestore } = await import('./restore/journal-recovery.js');
      return finishRestore(await restoreContext(), id, opts);
    },

    /** "Roll back to the safety backup" of an interrupted restore. */
    /** The restore account's password again, for --finish/--roll-back of a restore that used one (memory only). */
    async holdJournalPasswords(id: string, password: string): Promise<number> {
      const { holdJournalPasswords } = await import('./restore/restore-engine.js');
      return holdJournalPasswords({ secrets: options.secrets, home }, id, password);
    },

    async rollBackRestore(id: string, opts: RestoreRunOptions = {}): Promise<RestoreOutcome> {
      const { rollBackRestore } = await import('./restore/journal-recovery.js');
      return rollBackRestore(await restoreContext(), id, opts);
    },

    /** Forgets an interrupted restore without touching its target (the admin dealt with it). */
    async dismissRestore(id: string, logger?: Logger): Promise<void> {
      const { dismissRestore } = await import('./restore/journal-recovery.js');
      return dismissRestore(await restoreContext(), id, logger);
    },

    /** Snapshots in a backup folder, without any config (a new PC after a disaster). */
    snapshotsInFolder(folder: string, jobId?: string): Promise<SnapshotRef[]> {
      return snapshotsInFolder(folder, jobId);
    },

    /** Safety dumps restore took before overwriting a database, oldest first. */
    async safetyBackups(jobId: string): Promise<SafetyBackup[]> {
      const job = findJob(await loadConfig(home), jobId);
      return listSafetyBackups(join(jobRoot(job.destination.path, job.id), SAFETY_DIR));
    },

    /**
     * `kura verify --restore-test`: restores each dump into a scratch database and parses each RDB,
     * compares with the manifest, and records the result on the snapshot so the UI can show which
     * snapshots were proven restorable.
     */
    async restoreTest(jobId: string, idOrLatest: string, signal?: AbortSignal): Promise<RestoreTestReport> {
      const cfg = await loadConfig(home);
      const job = findJob(cfg, jobId);
      const snap = pickSnapshot(await listSnapshots(job.destination.path, job.id), idOrLatest, jobId);
      const { runRestoreTest } = await import('./restore/restore-test.js');
      return runRestoreTest({ job, snapshot: snap, secrets: options.secrets, tools: await toolResolver(), now, signal, home });
    },

    /** `kura verify --offsite`: the job's copies at its off-site targets, where they are (offsite/verify-offsite.ts). */
    async verifyOffsite(jobId: string, snapshot: string, opts: { target?: string; full: boolean; signal?: AbortSignal }): Promise<OffsiteVerifyReport> {
      const job = findJob(await loadConfig(home), jobId);
      const { verifyOffsite } = await import('./offsite/verify-offsite.js');
      return verifyOffsite({ home, job, snapshot, targetId: opts.target, full: opts.full, secrets: options.secrets, tools: await toolResolver(), now, signal: opts.signal });
    },

    /** The snapshots at an off-site address or folder (`--from`, "Open a backup location…"). */
    async remoteSnapshots(address: string, opts: { jobId?: string; passwordRef?: string; s3?: RemoteReadDeps['s3']; signal?: AbortSignal } = {}) {
      const { listRemoteSnapshots } = await import('./offsite/remote-snapshots.js');
      return listRemoteSnapshots(address, { secrets: options.secrets, tools: await toolResolver(), config: await loadConfig(home), home, passwordRef: opts.passwordRef, s3: opts.s3, signal: opts.signal, ...options.remote }, opts.jobId);
    },

    async history(jobId: string): Promise<RunRecord[]> {
      findJob(await loadConfig(home), jobId);
      return (await readRunHistory(home, jobId)).map((r) => (isOrphaned(r) ? { ...r, status: 'interrupted' as const } : r));
    },

    /**
     * Crash safety, called on start-up by the app and the daemon: a run left `running` by a process
     * that no longer exists is recorded as `interrupted` and its `.partial` folder removed.
     */
    async recoverInterrupted(): Promise<RunRecord[]> {
      const cfg = await loadConfig(home);
      const recovered: RunRecord[] = [];
      for (const job of cfg.jobs) {
        recovered.push(...(await markInterruptedRuns(home, job.id, now(), removeLeftover)));
      }
      return recovered;
    },
  };
}
