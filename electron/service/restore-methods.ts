/**
 * The contract's snapshots.*, offsite.* and restore.* methods: listing snapshots wherever they are
 * (a job, a folder, a remote address or bucket), the off-site checks and recovery kit, and restores
 * (plan, start, cancel, and what to do with one a crash left unfinished).
 */
import { makeRecoveryKit, testS3Target } from '../engine/offsite/s3-setup.js';
import { snapshotsInFolder } from '../engine/storage/folder-snapshots.js';
import { snapshotToDto, unfinishedRestoreToDto } from './dto-mapping.js';
import { restorePlanToDto } from './restore-dto.js';
import type { MethodGroup, ServiceContext, ServiceParts } from './service-context.js';

type RestoreMethod =
  | 'snapshots.list'
  | 'offsite.testS3'
  | 'offsite.recoveryKit'
  | 'restore.plan'
  | 'restore.browse'
  | 'restore.start'
  | 'restore.cancel'
  | 'restore.unfinished'
  | 'restore.finish'
  | 'restore.rollBack'
  | 'restore.dismiss';

export function restoreMethods(ctx: ServiceContext, parts: ServiceParts): MethodGroup<RestoreMethod> {
  const { home, secrets, clock } = ctx;
  const { status, restores } = parts;
  return {
    'snapshots.list': async (where) => {
      const e = await ctx.engine();
      if ('location' in where) {
        // An rsync/SSH address or a bucket ("Open a backup location…"): listed where it is, no copy made.
        const remote = await e.remoteSnapshots(where.location, { passwordRef: where.access?.passwordRef, s3: where.access?.s3 });
        return remote.map((r) => snapshotToDto({ id: r.id, path: r.address, manifest: r.manifest, outOfOrder: null })).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      }
      // One listing of a folder for the wizard and the restore engine (storage/folder-snapshots.ts).
      const snaps = 'jobId' in where ? await e.snapshots(where.jobId) : await snapshotsInFolder(where.folder);
      return snaps.map(snapshotToDto).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },

    'offsite.testS3': async (jobId, target) => {
      const e = await ctx.engine();
      return testS3Target(jobId, target, { home, secrets, tools: await e.tools(), now: () => clock.now() });
    },
    'offsite.recoveryKit': async (jobId, jobName, target) => {
      const e = await ctx.engine();
      const existing = (await e.loadConfig()).jobs.find((j) => j.id === jobId);
      return makeRecoveryKit(jobId, jobName, target, existing?.retention, { home, secrets, tools: await e.tools(), now: () => clock.now() });
    },
    'restore.plan': async (req) => restorePlanToDto(await (await restores.requireRestore()()).planRestore(req)),
    'restore.browse': async (req, folder) => (await ctx.engine()).browseFiles(req, folder),
    'restore.start': async (req) => restores.startRestoreTask((port, opts) => port.restore(req, opts)),
    'restore.cancel': async (restoreId) => restores.cancel(restoreId),
    'restore.unfinished': async () => (await status.readRestores(await ctx.engine())).map(unfinishedRestoreToDto),
    'restore.finish': async (journalId) => restores.startRestoreTask((port, opts) => port.finishRestore(journalId, opts)),
    'restore.rollBack': async (journalId) => restores.startRestoreTask((port, opts) => port.rollBackRestore(journalId, opts)),
    'restore.dismiss': async (journalId) => {
      await (await restores.requireRestore()()).dismissRestore(journalId);
      parts.publish();
    },
  };
}
