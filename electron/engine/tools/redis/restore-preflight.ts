/**
 * What Kura checks on a restore target BEFORE anything is deleted or replaced: that the server
 * understands the backup's RDB version, has the modules its data needs, is a primary (replicas are
 * read-only) and has every database index the backup uses. Each failure is a KuraError that says
 * what to change; a restore that would fail halfway is refused while the target is still untouched.
 */
import { KuraError } from '../../errors.js';
import { fetchInfo, keyspaceFromInfo } from './info.js';
import { describeTarget, type RedisTarget } from './redis-target.js';
import type { RespClient } from './resp-client.js';
import { respText, type RespValue } from './resp-parser.js';
import { maxRdbVersionFor, redisReleaseForRdb } from './restore-payload.js';

/** What the backup file needs (from validateRdbFile). */
export interface RdbNeeds {
  rdbVersion: number;
  modules: readonly string[];
  functions: number;
  keysPerDb: Record<string, number>;
}

export interface TargetFacts {
  version: string;
  /** "master" or "slave". */
  role: string;
  keysPerDb: Record<string, number>;
  /** Names from MODULE LIST ("ReJSON", "bf"…); null when the server could not say. */
  loadedModules: string[] | null;
  /** The newest RDB version the server loads; null when Kura cannot tell (the server then decides). */
  maxRdbVersion: number | null;
  /** INFO server: the config file the server was started with ('' when none). */
  configFile: string;
  processId: number | null;
  runId: string;
}

export async function probeTarget(client: RespClient): Promise<TargetFacts> {
  const info = await fetchInfo(client);
  const version = info.get('redis_version') ?? 'unknown';
  let loadedModules: string[] | null = null;
  const mods = await client.command('MODULE', 'LIST');
  if (mods.kind === 'array') loadedModules = mods.items.map(moduleName).filter((n): n is string => n !== null);
  const pid = Number(info.get('process_id'));
  return {
    version,
    role: info.get('role') ?? 'master',
    keysPerDb: keyspaceFromInfo(info),
    loadedModules,
    maxRdbVersion: maxRdbVersionFor(version),
    configFile: info.get('config_file') ?? '',
    processId: Number.isFinite(pid) && pid > 0 ? pid : null,
    runId: info.get('run_id') ?? '',
  };
}

/** MODULE LIST items are flat arrays: name, <name>, ver, <n>, … */
function moduleName(item: RespValue): string | null {
  if (item.kind !== 'array') return null;
  for (let i = 0; i + 1 < item.items.length; i += 2) {
    if (respText(item.items[i]!) === 'name') return respText(item.items[i + 1]!);
  }
  return null;
}

/** Module data type names (as the RDB stores them) → the module that provides them, for messages. */
const MODULE_OF_TYPE: Record<string, { product: string; listName: string }> = {
  'ReJSON-RL': { product: 'RedisJSON', listName: 'ReJSON' },
  'MBbloom--': { product: 'RedisBloom', listName: 'bf' },
  MBbloomCF: { product: 'RedisBloom', listName: 'bf' },
  'TopK-TYPE': { product: 'RedisBloom', listName: 'bf' },
  'CMSk-TYPE': { product: 'RedisBloom', listName: 'bf' },
  'TDIS-TYPE': { product: 'RedisBloom', listName: 'bf' },
  'TSDB-TYPE': { product: 'RedisTimeSeries', listName: 'timeseries' },
  graphdata: { product: 'RedisGraph', listName: 'graph' },
  ft_index0: { product: 'RediSearch', listName: 'search' },
  ft_invidx: { product: 'RediSearch', listName: 'search' },
};

/** "ReJSON-RL" → '"ReJSON-RL" (RedisJSON)': a module data type as a fact, the same in every language. */
export function describeModuleType(type: string): string {
  const m = MODULE_OF_TYPE[type];
  return m ? `"${type}" (${m.product})` : `"${type}"`;
}

/** Throws when the target cannot hold what the backup contains. Nothing has been changed yet. */
export function checkCompatible(facts: TargetFacts, needs: RdbNeeds, target: RedisTarget): void {
  const where = describeTarget(target);
  if (facts.maxRdbVersion !== null && needs.rdbVersion > facts.maxRdbVersion) {
    throw targetTooOld(where, facts.version, needs.rdbVersion);
  }
  if (facts.role === 'slave') {
    throw new KuraError({ code: 'redis-target-is-replica', params: { where, command: 'REPLICAOF NO ONE' }, category: 'config' });
  }
  const missing = needs.modules.filter((type) => {
    const known = MODULE_OF_TYPE[type];
    if (facts.loadedModules === null || facts.loadedModules.length === 0) return true;
    return known !== undefined && !facts.loadedModules.some((n) => n.toLowerCase() === known.listName.toLowerCase());
  });
  if (missing.length > 0) {
    throw moduleMissing(where, missing.map(describeModuleType).join(', '));
  }
}

/** `redis-module-missing`: the backup holds data of modules (`modules`: their data types) the target has not loaded. */
export function moduleMissing(where: string, modules: string, detail?: string): KuraError {
  return new KuraError({ code: 'redis-module-missing', params: { modules, where }, category: 'config', detail });
}

export function targetTooOld(where: string, serverVersion: string, rdbVersion: number): KuraError {
  return new KuraError({
    code: 'redis-target-too-old',
    params: { where, serverVersion, rdbVersion, release: redisReleaseForRdb(rdbVersion) },
    category: 'config',
  });
}

/**
 * SELECTs every database the backup uses, so "databases 4" on the target (the backup has keys in db
 * 5) is caught before the flush. Leaves the connection on db 0.
 */
export async function checkDatabases(client: RespClient, dbs: readonly number[], target: RedisTarget): Promise<void> {
  for (const db of dbs) {
    const r = await client.command('SELECT', db);
    if (r.kind === 'error') {
      throw new KuraError({ code: 'redis-database-missing', params: { db, where: describeTarget(target), reply: r.message }, category: 'config', detail: r.message });
    }
  }
  await client.call('SELECT', 0);
}

/** Keys per database now: INFO keyspace, or DBSIZE per database when INFO is not allowed. */
export async function keysPerDbNow(client: RespClient, dbs: readonly number[]): Promise<Record<string, number>> {
  try {
    return keyspaceFromInfo(await fetchInfo(client, 'keyspace'));
  } catch (err) {
    if (!(err instanceof KuraError) || err.category !== 'config') throw err;
  }
  const out: Record<string, number> = {};
  for (const db of dbs) {
    await client.call('SELECT', db);
    const r = await client.call('DBSIZE');
    if (r.kind === 'integer' && r.value > 0) out[String(db)] = r.value;
  }
  await client.call('SELECT', 0);
  return out;
}

export function totalKeys(perDb: Record<string, number>): number {
  return Object.values(perDb).reduce((a, b) => a + b, 0);
}

/** "db0: 120, db5: 1" (Redis' own names for its databases), a fact for sentences; "—" when empty. */
export function describeKeysPerDb(perDb: Record<string, number>): string {
  const dbs = Object.keys(perDb).sort((a, b) => Number(a) - Number(b));
  if (dbs.length === 0) return '—';
  return dbs.map((db) => `db${db}: ${perDb[db]}`).join(', ');
}
