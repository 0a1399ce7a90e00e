/**
 * Loading and saving config.json. Loading validates everything and reports each problem with its
 * JSON path; saving validates first and writes atomically, so bad input changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { KuraError } from '../errors.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { configSchema, type KuraConfig, type Job } from './schema.js';

export function configPath(home: string): string {
  return join(home, 'config.json');
}

/** `jobs[0].sources[1].port` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out || '(top level)';
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

export function parseConfig(raw: unknown, origin = 'config.json'): KuraConfig {
  const r = configSchema.safeParse(raw);
  if (!r.success) {
    const problems = formatIssues(r.error);
    throw new KuraError({
      code: 'config-invalid',
      category: 'config',
      message: `${origin} is not valid:\n  ${problems.join('\n  ')}`,
      hint: 'Fix the fields named above (see the config format in README.md) and try again.',
    });
  }
  return r.data;
}

export async function loadConfig(home: string): Promise<KuraConfig> {
  const path = configPath(home);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return parseConfig({ version: 1, jobs: [] });
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new KuraError({
      code: 'config-invalid',
      category: 'config',
      message: `${path} is not valid JSON: ${(err as Error).message}`,
      hint: 'Fix the syntax error (a missing comma or quote?) and try again.',
    });
  }
  return parseConfig(raw, path);
}

export async function saveConfig(home: string, config: unknown): Promise<KuraConfig> {
  const parsed = parseConfig(config);
  await writeJsonAtomic(configPath(home), parsed, 0o600);
  return parsed;
}

export function findJob(config: KuraConfig, jobId: string): Job {
  const job = config.jobs.find((j) => j.id === jobId);
  if (!job) {
    const known = config.jobs.map((j) => j.id);
    throw new KuraError({
      code: 'job-not-found',
      category: 'config',
      message: `There is no job "${jobId}".`,
      hint: known.length ? `Known jobs: ${known.join(', ')}.` : 'No jobs are configured yet: add one in the app or in config.json.',
    });
  }
  return job;
}
