/**
 * The contract's jobs.*, runs.*, status.* and schedules.* methods: editing the job list (the
 * schedule checked first, in the admin's words), "Back up now" through the one scheduler (so it
 * never overlaps a scheduled run), the run history and logs, the dashboard's status, pausing and
 * describing schedules.
 */
import { stat } from 'node:fs/promises';
import { jobSchema } from '../engine/config/schema.js';
import { KuraError } from '../engine/errors.js';
import type { RunRecord } from '../engine/run-log/run-history.js';
import { describeSchedule, nextRuns, validateSchedule } from '../engine/scheduler/index.js';
import { claimDestination } from '../engine/snapshot/destination.js';
import { fieldProblems } from '../shared/messages/field-problems.js';
import { fieldProblemList, msg } from '../shared/messages/index.js';
import { messageToDto, runRecordToDto } from './dto-mapping.js';
import { errorFromInfo, notAvailable } from './error-dto.js';
import { readLogTail, safeRunLogPath } from './log-tail.js';
import type { MethodGroup, ServiceContext, ServiceParts } from './service-context.js';

type JobMethod = 'jobs.list' | 'jobs.get' | 'jobs.save' | 'jobs.delete' | 'runs.start' | 'runs.cancel' | 'runs.history' | 'runs.logTail' | 'runs.openLog' | 'status.get' | 'schedules.pause' | 'schedules.describe';

export function jobMethods(ctx: ServiceContext, parts: ServiceParts): MethodGroup<JobMethod> {
  const { home, clock } = ctx;
  const { scheduler, alerts, status } = parts;
  return {
    'jobs.list': async () => (await (await ctx.engine()).loadConfig()).jobs,
    'jobs.get': async (jobId) => {
      const cfg = await (await ctx.engine()).loadConfig();
      const job = cfg.jobs.find((j) => j.id === jobId);
      if (!job) throw new KuraError({ code: 'job-not-found~service', params: { job: jobId }, category: 'config' });
      return job;
    },
    'jobs.save': async (input, options) => {
      // The schedule first: its own check words each field's problem for the editor, in the admin's language.
      const schedule = (input as { schedule?: { cron?: unknown; timezone?: unknown } }).schedule;
      if (schedule && typeof schedule.cron === 'string') {
        const v = validateSchedule(schedule.cron, typeof schedule.timezone === 'string' ? schedule.timezone : undefined);
        if (v.kind === 'invalid') throw new KuraError({ code: 'schedule-invalid', params: { problems: String(v.message.params['problems']) }, category: 'config' });
      }
      const parsed = jobSchema.safeParse(input);
      if (!parsed.success) {
        throw new KuraError({ code: 'job-invalid', params: { problems: fieldProblemList(fieldProblems(parsed.error)) }, category: 'config' });
      }
      const job = parsed.data;
      await ctx.editConfig(async (cfg, e) => {
        const index = cfg.jobs.findIndex((j) => j.id === job.id);
        // A newly chosen backup folder is identified now (snapshot/destination.ts); created only when asked.
        if (index < 0 || cfg.jobs[index]!.destination.path !== job.destination.path) {
          await claimDestination(e.home, job.id, job.destination.path, options?.createDestination ?? false);
        }
        const jobs = [...cfg.jobs];
        if (index >= 0) jobs[index] = job;
        else jobs.push(job);
        await e.saveConfig({ ...cfg, jobs });
      });
      status.snapshotCache.delete(job.id);
      status.offsiteCache.delete(job.id);
      await scheduler.reload();
      parts.publish();
      // A standby just added or changed is read now, not at the watcher's next round a minute later:
      // the dashboard shows its state when the admin leaves the wizard.
      if (alerts && job.sources.some((s) => (s.type === 'mysql' || s.type === 'redis') && (s.standbys?.length ?? 0) > 0)) {
        void alerts.checkStandbysNow().catch((err: unknown) => ctx.logger.say('warn', msg('log-standbys-check-failed', { reason: (err as Error).message })));
      }
      return job;
    },
    'jobs.delete': async (jobId) => {
      await ctx.editConfig(async (cfg, e) => {
        if (!cfg.jobs.some((j) => j.id === jobId)) throw new KuraError({ code: 'job-not-found~service', params: { job: jobId }, category: 'config' });
        scheduler.cancel(jobId);
        await e.saveConfig({ ...cfg, jobs: cfg.jobs.filter((j) => j.id !== jobId) });
      });
      status.snapshotCache.delete(jobId);
      await scheduler.reload();
      parts.publish();
    },
    'runs.start': async (jobId) => {
      const waiter = parts.runs.waitForRunId(jobId);
      try {
        const outcome = scheduler.runNow(jobId, 'manual');
        const first = await Promise.race([
          outcome.then((o) => ({ kind: 'done' as const, outcome: o })),
          waiter.promise.then((runId) => ({ kind: 'started' as const, runId })),
        ]);
        switch (first.kind) {
          case 'started':
            return { runId: first.runId, skipped: false };
          case 'done': {
            const o = first.outcome;
            if (o.status === 'skipped') return { runId: null, skipped: true };
            if (o.runId === null && o.error) throw errorFromInfo(o.error);
            return { runId: o.runId, skipped: false };
          }
        }
      } finally {
        waiter.cancel();
      }
    },
    'runs.cancel': async (jobId) => scheduler.cancel(jobId),
    'runs.history': async (filter) => {
      const e = await ctx.engine();
      const ids = filter.jobId !== undefined ? [filter.jobId] : (await e.loadConfig()).jobs.map((j) => j.id);
      const records: RunRecord[] = (await Promise.all(ids.map((id) => e.history(id)))).flat();
      return records
        .filter((r) => filter.status === undefined || r.status === filter.status)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, 1000)
        .map(runRecordToDto);
    },
    'runs.logTail': async (jobId, runId, lines) => readLogTail(safeRunLogPath(home, jobId, runId), lines),
    'runs.openLog': async (jobId, runId) => {
      const path = safeRunLogPath(home, jobId, runId);
      if (!ctx.options.openPath) throw notAvailable('feature-open-log');
      await stat(path).catch(() => {
        throw new KuraError({ code: 'log-not-found', params: {}, category: 'config' });
      });
      await ctx.options.openPath(path);
    },
    'status.get': async () => {
      const snapshot = scheduler.health();
      status.sawHealth(snapshot);
      return status.buildStatus(snapshot);
    },
    'schedules.pause': async (paused) => {
      if (paused) scheduler.pause();
      else scheduler.resume();
    },
    'schedules.describe': async (cron, timezone) => {
      const v = validateSchedule(cron, timezone);
      switch (v.kind) {
        case 'invalid':
          return { valid: false, error: messageToDto(v.message), problems: v.problems.map((p) => ({ field: p.field, message: messageToDto(p.message) })), sentence: null, nextRuns: [] };
        case 'valid': {
          let upcoming: string[] = [];
          try {
            upcoming = nextRuns(cron.trim(), timezone, clock.now(), 5).map((d) => d.toISOString());
          } catch {
            upcoming = [];
          }
          return { valid: true, error: null, problems: [], sentence: messageToDto(describeSchedule(cron.trim())), nextRuns: upcoming };
        }
      }
    },
  };
}
