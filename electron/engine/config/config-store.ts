/**
 * Loading and saving config.json. Loading validates everything and reports each problem with its
 * JSON path; saving validates first and writes atomically, so bad input changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { KuraError } from '../errors.js';
import { fieldProblemList } from '../../shared/messages/index.js';
import { fieldProblems } from '../../shared/messages/field-problems.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { configSchema, type KuraConfig, type Job } from './schema.js';
import { homeLayout } from '../home-layout.js';

export function configPath(home: string): string {
  return homeLayout.configFile(home);
}

export { formatPath } from '../../shared/messages/field-problems.js';

/** Every field problem of config.json, each named by its field and said in the admin's language. */
export function parseConfig(raw: unknown, origin = 'config.json'): KuraConfig {
  const r = configSchema.safeParse(raw);
  if (!r.success) throw new KuraError({ code: 'config-invalid', params: { origin, problems: fieldProblemList(fieldProblems(r.error)) }, category: 'config' });
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
  return parseConfig(parseConfigJson(text, path), path);
}

/**
 * config.json's text → a value. Written by hand on Windows, the file often starts with a UTF-8
 * byte-order mark (Notepad, PowerShell 5's Out-File and Set-Content): that is accepted. A Windows
 * path typed with single backslashes (`"D:\KuraBackups"`) is not JSON: that error says so, where,
 * and how to write it, instead of guessing at a missing comma.
 */
export function parseConfigJson(text: string, path: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const bad = firstBadEscape(body);
    if (bad) {
      const { line, column } = lineAndColumn(body, bad.index);
      // Each lone backslash doubled ("\\" already written twice stays as it is).
      const fixed = bad.string.replace(/(?<!\\)\\(?!\\)/g, '\\\\');
      throw new KuraError({
        code: 'config-invalid~backslash',
        params: { origin: path, line, column, text: bad.string, fixed, slashed: bad.string.replace(/\\/g, '/') },
        category: 'config',
      });
    }
    throw new KuraError({ code: 'config-invalid~json', params: { origin: path, reason: (err as Error).message }, category: 'config' });
  }
}

/** The first string literal holding a backslash that is not a JSON escape, and where that backslash is. */
function firstBadEscape(text: string): { index: number; string: string } | null {
  for (const m of text.matchAll(/"(?:[^"\\\n]|\\.)*"/g)) {
    const inner = /\\(?!["\\/bfnrt]|u[0-9A-Fa-f]{4})/.exec(m[0]);
    if (inner) return { index: m.index + inner.index, string: m[0] };
  }
  return null;
}

function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
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
    throw known.length
      ? new KuraError({ code: 'job-not-found', params: { job: jobId, known: known.join(', ') }, category: 'config' })
      : new KuraError({ code: 'job-not-found~none', params: { job: jobId }, category: 'config' });
  }
  return job;
}
