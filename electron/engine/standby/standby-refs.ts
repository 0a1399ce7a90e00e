/**
 * The standbys a config names, one per replica of each MySQL/MariaDB or Redis source, with the key
 * the memory and the alerts use. No I/O here: `kura status` asks this before deciding to load the
 * code that reads standbys.
 */
import type { Job, KuraConfig, MysqlSource, RedisSource } from '../config/schema.js';

export type MysqlStandby = NonNullable<MysqlSource['standbys']>[number];
export type RedisStandby = NonNullable<RedisSource['standbys']>[number];

/** One standby of one source of one job. */
export interface StandbyRef {
  /** `<jobId>/<sourceId>/<host>:<port>`: what the memory and the alerts key on. */
  key: string;
  jobId: string;
  jobName: string;
  sourceId: string;
  type: 'mysql' | 'redis';
  /** host:port as configured (as the server sees it, for a source through SSH). */
  standby: string;
  maxLagSeconds: number;
}

export function hostPort(host: string, port: number): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

export function standbyKey(jobId: string, sourceId: string, host: string, port: number): string {
  return `${jobId}/${sourceId}/${hostPort(host, port)}`;
}

export type StandbyEntry =
  | { ref: StandbyRef; job: Job; kind: 'mysql'; source: MysqlSource; standby: MysqlStandby }
  | { ref: StandbyRef; job: Job; kind: 'redis'; source: RedisSource; standby: RedisStandby };

export function standbyEntries(config: KuraConfig, jobIds?: readonly string[]): StandbyEntry[] {
  const out: StandbyEntry[] = [];
  for (const job of config.jobs) {
    if (jobIds && !jobIds.includes(job.id)) continue;
    for (const source of job.sources) {
      if (source.type === 'files') continue;
      for (const sb of source.standbys ?? []) {
        const ref: StandbyRef = {
          key: standbyKey(job.id, source.id, sb.host, sb.port),
          jobId: job.id,
          jobName: job.name,
          sourceId: source.id,
          type: source.type,
          standby: hostPort(sb.host, sb.port),
          maxLagSeconds: sb.maxLagSeconds,
        };
        if (source.type === 'mysql') out.push({ ref, job, kind: 'mysql', source, standby: sb as MysqlStandby });
        else out.push({ ref, job, kind: 'redis', source, standby: sb as RedisStandby });
      }
    }
  }
  return out;
}

/** Every standby the config names (for the dashboard before the first check). */
export function standbyRefs(config: KuraConfig, jobIds?: readonly string[]): StandbyRef[] {
  return standbyEntries(config, jobIds).map((e) => e.ref);
}

