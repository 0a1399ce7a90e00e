#!/usr/bin/env node
/**
 * `npm run bench:cli`: how long the built `kura` takes to start — `kura --version` (goal ≤ 0.15 s)
 * and `kura status` on a state folder with one job (goal ≤ 0.4 s) — as medians of repeated runs,
 * next to `node -e 0` (what Node alone costs on this machine at this moment). The load average is
 * printed with them: on a busy machine compare the ratios to bare Node rather than the seconds.
 *   npm run bench:cli [-- --runs 21]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const home = mkdtempSync(join(tmpdir(), 'kura-bench-cli-'));
writeFileSync(
  join(home, 'config.json'),
  JSON.stringify({
    version: 1,
    jobs: [{ id: 'shop', name: 'Shop', destination: { path: join(home, 'backups') }, sources: [{ id: 'cache', type: 'redis', host: '127.0.0.1', port: 6379 }], schedule: { cron: '0 3 * * *', timezone: 'Asia/Tokyo' } }],
  }),
);

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(label, args, expectCodes) {
  const samples = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, KURA_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (!expectCodes.includes(r.status)) {
      console.error(`${label} exited ${r.status}: ${r.stderr}`);
      process.exit(1);
    }
    if (i > 0) samples.push(s); // the first run warms the page cache
  }
  return median(samples);
}

try {
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const node = time('node -e 0', ['-e', '0'], [0]);
  const version = time('kura --version', ['bin/kura.js', '--version'], [0]);
  const status = time('kura status', ['bin/kura.js', 'status'], [0, 1]);
  const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');
  const row = (name, s, goal) => `${name.padEnd(16)} ${s.toFixed(3)} s  (${(s / node).toFixed(1)} × node)${goal ? `  goal ≤ ${goal} s: ${s <= goal ? 'met' : 'NOT met'}` : ''}`;
  console.log(`kura startup, median of ${runs} runs, Node ${process.version}, ${cpus().length} cores, load average ${load} → ${loadAfter}`);
  console.log(row('node -e 0', node));
  console.log(row('kura --version', version, 0.15));
  console.log(row('kura status', status, 0.4));
} finally {
  rmSync(home, { recursive: true, force: true });
}
