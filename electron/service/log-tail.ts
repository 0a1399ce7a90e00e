/**
 * The last lines of a run's log for the run view. The run id arrives from the UI, so the path is
 * built from checked parts and must resolve inside `$KURA_HOME/logs`: a crafted id such as
 * `../../config` can never read another file.
 */
import { open } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { KuraError } from '../engine/errors.js';
import { runLogPath } from '../engine/run-log/run-logger.js';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

/** The log file of a run, or a `log-not-found` error when the ids do not name a file under logs/. */
export function safeRunLogPath(home: string, jobId: string, runId: string): string {
  const logsDir = resolve(home, 'logs');
  const path = resolve(runLogPath(home, jobId, runId));
  if (!RUN_ID.test(runId) || runId.includes('..') || !path.startsWith(logsDir + sep)) {
    throw new KuraError({ code: 'log-not-found~run-id', params: { run: runId.slice(0, 80) }, category: 'config' });
  }
  return path;
}

/** Reads backwards in chunks, so a long log costs only the bytes of the lines asked for. */
export async function readLogTail(path: string, lines: number, chunkBytes = 64 * 1024): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new KuraError({ code: 'log-not-found', params: {}, category: 'config' });
    }
    throw err;
  }
  try {
    const { size } = await handle.stat();
    let pos = size;
    let buf = Buffer.alloc(0);
    let newlines = 0;
    // One newline more than lines asked for, so the first kept line is complete.
    while (pos > 0 && newlines <= lines) {
      const len = Math.min(chunkBytes, pos);
      pos -= len;
      const chunk = Buffer.alloc(len);
      await handle.read(chunk, 0, len, pos);
      for (const b of chunk) if (b === 0x0a) newlines++;
      buf = Buffer.concat([chunk, buf]);
    }
    const all = buf.toString('utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    if (pos > 0) all.shift();
    return all.slice(-lines);
  } finally {
    await handle.close();
  }
}
