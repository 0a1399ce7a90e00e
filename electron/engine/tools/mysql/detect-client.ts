/**
 * Finds the local mysqldump/mysql programs and works out what they are.
 *
 * Why it matters: MariaDB and MySQL ship programs with the same names but different options.
 * `--set-gtid-purged` and `--column-statistics` exist only in MySQL's mysqldump, and passing an
 * unknown option makes the dump fail before it starts. So the flags are decided per client, by
 * reading its `--help` (authoritative) and falling back to the version when `--help` is unusable.
 */
import { KuraError } from '../../errors.js';
import { runProcess } from '../../process/run-process.js';
import type { ToolName, ToolResolver } from '../resolve-tool.js';
import type { MysqlClient, MysqlDumpSupports, MysqlFlavour } from './types.js';

export async function detectMysqlClient(resolver: ToolResolver, signal?: AbortSignal): Promise<MysqlClient> {
  const dump = await findFirst(resolver, ['mariadb-dump', 'mysqldump']);
  if (!dump) {
    throw new KuraError({ code: 'mysql-dump-missing', params: {}, category: 'config' });
  }
  const versionRun = await runProcess({ file: dump.path, args: ['--no-defaults', '--version'] }, { signal });
  const parsed = versionRun.exitCode === 0 ? parseClientVersion(versionRun.stdout) : null;
  if (!parsed) {
    throw new KuraError({
      code: 'tool-unusable',
      params: { path: dump.path },
      category: 'config',
      detail: `${versionRun.command}\nexit ${versionRun.exitCode}\n${versionRun.stdout}${versionRun.stderr}`,
    });
  }

  // A MariaDB client speaks to MySQL servers too, but its mysqldump options are MariaDB's: keep the pair consistent.
  const clientNames: ToolName[] = parsed.flavour === 'mariadb' ? ['mariadb', 'mysql'] : ['mysql', 'mariadb'];
  const client = await findFirst(resolver, clientNames);
  if (!client) {
    throw new KuraError({ code: 'mysql-client-missing', params: { dump: dump.path, client: clientNames[0]! }, category: 'config' });
  }

  const help = await runProcess({ file: dump.path, args: ['--no-defaults', '--help'] }, { signal });
  const supports = help.exitCode === 0 ? supportsFromHelp(help.stdout) : null;
  return {
    flavour: parsed.flavour,
    version: parsed.version,
    dumpPath: dump.path,
    clientPath: client.path,
    supports: supports ?? supportsFromVersion(parsed.flavour, parsed.version),
  };
}

/**
 * Reads `--version` output. Seen in the wild:
 *   mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
 *   mariadb-dump from 11.4.2-MariaDB, client 10.19 for Linux (x86_64)
 *   mysqldump  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)
 *   mysqldump  Ver 10.13 Distrib 5.7.44, for Linux (x86_64)
 * "Ver" is the tool's own revision when a "Distrib" follows, so Distrib/from win.
 */
export function parseClientVersion(text: string): { flavour: MysqlFlavour; version: string } | null {
  const flavour: MysqlFlavour = /mariadb/i.test(text) ? 'mariadb' : 'mysql';
  const m = /\bDistrib\s+(\d+\.\d+\.\d+)/.exec(text) ?? /\bfrom\s+(\d+\.\d+\.\d+)/.exec(text) ?? /\bVer\s+(\d+\.\d+\.\d+)/.exec(text);
  if (!m) return null;
  return { flavour, version: m[1]! };
}

/** The flags as listed by the client's own `--help`. Null when the text is not a mysqldump help. */
export function supportsFromHelp(help: string): MysqlDumpSupports | null {
  if (!help.includes('--single-transaction')) return null;
  return {
    setGtidPurged: help.includes('--set-gtid-purged'),
    columnStatistics: help.includes('--column-statistics'),
    noTablespaces: help.includes('--no-tablespaces'),
  };
}

/** Fallback by documented release: set-gtid-purged since MySQL 5.6.9, column-statistics in the 8.0 client. */
export function supportsFromVersion(flavour: MysqlFlavour, version: string): MysqlDumpSupports {
  switch (flavour) {
    case 'mariadb':
      return { setGtidPurged: false, columnStatistics: false, noTablespaces: true };
    case 'mysql':
      return {
        setGtidPurged: compareVersions(version, '5.6.9') >= 0,
        columnStatistics: compareVersions(version, '8.0.2') >= 0,
        noTablespaces: true,
      };
  }
}

/** Numeric comparison of dotted versions ("10.11.2" > "10.9.8"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

async function findFirst(resolver: ToolResolver, names: readonly ToolName[]): Promise<{ name: ToolName; path: string } | null> {
  for (const name of names) {
    const path = await resolver.resolve(name);
    if (path) return { name, path };
  }
  return null;
}
