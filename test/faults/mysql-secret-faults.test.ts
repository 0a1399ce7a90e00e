/**
 * The MySQL password never touches disk, argv or the environment — not even when Kura is killed
 * with SIGKILL in the middle of a dump or a restore (issue 14, principle 4). Kura used to leave its
 * 0600 option file, password inside, in the temp folder after a kill -9; now the clients read the
 * settings from a FIFO that holds no bytes, and what a killed Kura leaves under $KURA_HOME/tmp is swept
 * at the next start.
 *
 * The `kura` CLI runs as a child with its own TMPDIR, so "the temp folder" is one this test can search
 * completely; the password's bytes are looked for in every file under it, under $KURA_HOME and under
 * the backup folder.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants } from '../harness/rsyncd.js';
import { runKura, startKura } from '../harness/kura-cli.js';
import { tempDir } from '../harness/tmp.js';
import { createShop, PW, type Shop } from './fixture.js';

async function waitFor(what: string, cond: () => Promise<boolean> | boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function cmdline(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ');
}

/** Descendants of `root` whose command line contains `needle`. */
async function childrenRunning(root: number, needle: string): Promise<number[]> {
  const out: number[] = [];
  for (const pid of descendants(root)) if ((await cmdline(pid)).includes(needle)) out.push(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('faults: the MySQL password', () => {
  let shop: Shop;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;
  const secret = Buffer.from(PW.mysql, 'utf8');

  /** Every file (not FIFO) under the folders Kura writes to whose bytes contain the password. */
  async function filesHoldingPassword(): Promise<string[]> {
    const found: string[] = [];
    for (const root of [tmp.path, shop.home, shop.dest]) {
      for (const name of await readdir(root, { recursive: true }).catch(() => [] as string[])) {
        const path = join(root, name);
        const st = await lstat(path).catch(() => null);
        if (st?.isFile() && (await readFile(path).catch(() => Buffer.alloc(0))).includes(secret)) found.push(path);
      }
    }
    return found;
  }

  async function dumpBytesInPartial(): Promise<number> {
    const jobDir = join(shop.dest, 'shop');
    for (const name of await readdir(jobDir).catch(() => [] as string[])) {
      if (!name.endsWith('.partial')) continue;
      const st = await lstat(join(jobDir, name, 'mysql', 'db', 'shop.sql.gz')).catch(() => null);
      if (st) return st.size;
    }
    return 0;
  }

  beforeAll(async () => {
    // ~60 MB of rows: the dump and the import each last long enough to be caught in the middle.
    shop = await createShop({ dbMiB: 60, redisMiB: 1, siteMiB: 1 });
    tmp = await tempDir('kura-faults-tmpdir-');
    env = { ...shop.env, TMPDIR: tmp.path };
    await shop.writeConfig((job) => {
      job['sources'] = (job['sources'] as Array<{ type: string }>).filter((s) => s.type === 'mysql');
    });
    await shop.db.sql("GRANT ALL PRIVILEGES ON *.* TO 'backup'@'%';");
    const first = await runKura(['run', 'shop', '--json'], env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
  }, 300_000);
  afterAll(async () => {
    await shop?.cleanup();
    await tmp?.cleanup();
  });

  /**
   * Starts `kura args`, waits until a child whose command line holds `tool` is at work (and `busy`
   * says so), and SIGKILLs the Kura process alone — as a crash would. Returns Kura's pid and the
   * tools it leaves behind.
   */
  async function killKuraDuring(args: string[], tool: string, busy: () => Promise<boolean>): Promise<{ pid: number; orphans: number[] }> {
    const kura = startKura(args, env);
    await waitFor(tool, async () => (await childrenRunning(kura.pid!, tool)).length > 0);
    await waitFor(`${tool} at work`, busy);
    const orphans = descendants(kura.pid!);
    process.kill(kura.pid!, 'SIGKILL');
    expect((await kura.result).signal).toBe('SIGKILL');
    return { pid: kura.pid!, orphans };
  }

  /**
   * The tools a killed Kura left end by themselves: a broken pipe, the end of their input — or, for a
   * client killed Kura had just started and not yet served its settings, when the next start of Kura
   * sweeps its FIFO (it then stops at once, without connecting). None may linger after that.
   */
  async function orphansEnd(orphans: number[]): Promise<void> {
    const mysqlTools: number[] = [];
    for (const p of orphans) if (/mariadb/.test(await cmdline(p))) mysqlTools.push(p);
    await waitFor('the orphaned MySQL tools to end', () => mysqlTools.every((p) => !alive(p)), 20_000);
  }

  it('kill -9 of `kura run` while mariadb-dump runs: no file anywhere holds the password, and the next run works', async () => {
    // Well into its work: the dump file is growing.
    const killed = await killKuraDuring(['run', 'shop', '--json'], 'mariadb-dump', async () => (await dumpBytesInPartial()) > 2 * 1024 * 1024);
    expect(await filesHoldingPassword()).toEqual([]);

    const next = await runKura(['run', 'shop', '--json'], env);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    await orphansEnd(killed.orphans);
    expect(await filesHoldingPassword()).toEqual([]);
    // The killed run's (empty) option folder was swept by the next start.
    expect((await readdir(join(shop.home, 'tmp'))).filter((n) => n.includes(`-${killed.pid}-`))).toEqual([]);
  });

  it('kill -9 of `kura restore` as the mysql client starts: no file holds the password, the client does not hang, the next restore works', async () => {
    // Killed the moment the client exists: it may not have been served its settings yet.
    const killed = await killKuraDuring(['restore', 'shop', 'latest', '--source', 'db', '--to-database', 'shop_killed', '--yes', '--json'], '--binary-mode', async () => true);
    expect(await filesHoldingPassword()).toEqual([]);

    const again = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--to-database', 'shop_again', '--yes', '--json'], env);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    await orphansEnd(killed.orphans);
    expect(await filesHoldingPassword()).toEqual([]);
  });

  it("is never in a child's command line or environment during a run and a restore", async () => {
    const seen = new Set<string>();
    const leaks: string[] = [];
    const watch = async (args: string[]) => {
      const proc = startKura(args, env);
      let done = false;
      void proc.result.finally(() => {
        done = true;
      });
      while (!done) {
        for (const pid of descendants(proc.pid!)) {
          const [cmd, environ] = await Promise.all([
            readFile(`/proc/${pid}/cmdline`).catch(() => Buffer.alloc(0)),
            readFile(`/proc/${pid}/environ`).catch(() => Buffer.alloc(0)),
          ]);
          const program = cmd.toString('utf8').split('\0')[0] ?? '';
          if (program) seen.add(program.split('/').at(-1)!);
          if (cmd.includes(secret)) leaks.push(`argv of ${program}`);
          if (environ.includes(secret)) leaks.push(`environment of ${program}`);
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      const r = await proc.result;
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    };
    await watch(['run', 'shop', '--json']);
    await watch(['restore', 'shop', 'latest', '--source', 'db', '--to-database', 'shop_watched', '--yes', '--json']);
    expect(leaks).toEqual([]);
    // The watch did see the tools that get the password (so it could have caught a leak).
    expect([...seen]).toEqual(expect.arrayContaining(['mariadb-dump', 'mariadb']));
  });
});
