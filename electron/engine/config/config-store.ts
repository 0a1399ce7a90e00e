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
        code: 'config-invalid',
        category: 'config',
        message: `${path}, line ${line}, column ${column}: ${bad.string} has a single backslash, which JSON reads as the start of an escape.`,
        hint: `In JSON every \\ in a Windows path is written twice: ${fixed} (or use / instead: ${bad.string.replace(/\\/g, '/')}).`,
      });
    }
    throw new KuraError({
      code: 'config-invalid',
      category: 'config',
      message: `${path} is not valid JSON: ${(err as Error).message}`,
      hint: 'Fix the syntax error (a missing comma or quote?) and try again.',
    });
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
    throw new KuraError({
      code: 'job-not-found',
      category: 'config',
      message: `There is no job "${jobId}".`,
      hint: known.length ? `Known jobs: ${known.join(', ')}.` : 'No jobs are configured yet: add one in the app or in config.json.',
    });
  }
  return job;
}
