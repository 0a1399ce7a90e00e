/**
 * The pure parts of the Redis restore: payload framing, which RDB versions a server reads, the
 * preflight's refusals, service-command resolution and the config field for it.
 */
import { describe, expect, it } from 'vitest';
import { redisSourceSchema } from '../../../electron/engine/config/schema.js';
import { KuraError } from '../../../electron/engine/errors.js';
import { crc64Bytes, crc64Init, crc64Update } from '../../../electron/engine/tools/redis/crc64.js';
import { describeKey } from '../../../electron/engine/tools/redis/live-restore.js';
import { functionRestorePayload, maxRdbVersionFor, restorePayload, versionAtLeast } from '../../../electron/engine/tools/redis/restore-payload.js';
import { checkCompatible, type TargetFacts } from '../../../electron/engine/tools/redis/restore-preflight.js';
import { resolveServiceControl } from '../../../electron/engine/tools/redis/service-control.js';

const target = { host: '127.0.0.1', port: 6379, username: null, password: null };

function facts(over: Partial<TargetFacts> = {}): TargetFacts {
  return {
    version: '7.0.15',
    role: 'master',
    keysPerDb: {},
    loadedModules: [],
    maxRdbVersion: 10,
    configFile: '/etc/redis/redis.conf',
    processId: 1,
    runId: 'x',
    ...over,
  };
}

describe('restore payloads', () => {
  it('frame type + value + RDB version (LE16) + CRC64 (LE64) of everything before it', () => {
    const raw = Buffer.from([0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]); // the string "hello"
    const p = restorePayload(0, raw, 10);
    expect(p.subarray(0, 7)).toEqual(Buffer.from([0x00, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]));
    expect(p.readUInt16LE(7)).toBe(10);
    expect(p.subarray(9)).toEqual(crc64Bytes(crc64Update(crc64Init(), p.subarray(0, 9))));
    // Byte for byte what DUMP returns for `SET k hello` on redis-server 7.0.15.
    expect(p.toString('hex')).toBe('000568656c6c6f0a006372df766534200a');
    expect(functionRestorePayload(raw, 10)[0]).toBe(245);
  });

  it('knows the newest RDB version each Redis release reads', () => {
    expect(maxRdbVersionFor('2.8.24')).toBe(6);
    expect(maxRdbVersionFor('3.2.12')).toBe(7);
    expect(maxRdbVersionFor('4.0.14')).toBe(8);
    expect(maxRdbVersionFor('6.2.14')).toBe(9);
    expect(maxRdbVersionFor('7.0.15')).toBe(10);
    expect(maxRdbVersionFor('7.2.4')).toBe(11);
    expect(maxRdbVersionFor('7.4.1')).toBeNull(); // newer: the server decides
    expect(maxRdbVersionFor('garbage')).toBeNull();
    expect(versionAtLeast('5.0.0', 5)).toBe(true);
    expect(versionAtLeast('4.0.14', 5)).toBe(false);
    expect(versionAtLeast('10.0.0', 7, 4)).toBe(true);
  });
});

describe('checkCompatible', () => {
  const needs = { rdbVersion: 10, modules: [] as string[], functions: 0, keysPerDb: { '0': 3 } };

  it('refuses a target older than the backup, naming the version needed', () => {
    const err = (() => {
      try {
        checkCompatible(facts({ version: '6.2.14', maxRdbVersion: 9 }), needs, target);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(KuraError);
    expect(err).toMatchObject({ code: 'redis-target-too-old', category: 'config' });
    expect((err as KuraError).message).toMatch(/RDB format 10, Redis 7\.0 or newer.*Redis 6\.2\.14/);
    expect(() => checkCompatible(facts(), needs, target)).not.toThrow();
    expect(() => checkCompatible(facts({ maxRdbVersion: null }), { ...needs, rdbVersion: 12 }, target)).not.toThrow();
  });

  it('refuses a replica', () => {
    expect(() => checkCompatible(facts({ role: 'slave' }), needs, target)).toThrow(expect.objectContaining({ code: 'redis-target-is-replica' }));
  });

  it('refuses module data the target has not loaded, naming the module', () => {
    const withJson = { ...needs, modules: ['ReJSON-RL'] };
    expect(() => checkCompatible(facts(), withJson, target)).toThrow(/"ReJSON-RL" \(RedisJSON\)/);
    expect(() => checkCompatible(facts({ loadedModules: ['bf'] }), withJson, target)).toThrow(expect.objectContaining({ code: 'redis-module-missing' }));
    expect(() => checkCompatible(facts({ loadedModules: ['ReJSON'] }), withJson, target)).not.toThrow();
    // Unknown module type: refused only when nothing at all is loaded.
    expect(() => checkCompatible(facts({ loadedModules: null }), { ...needs, modules: ['custom-XX'] }, target)).toThrow(/"custom-XX"/);
    expect(() => checkCompatible(facts({ loadedModules: ['custom'] }), { ...needs, modules: ['custom-XX'] }, target)).not.toThrow();
  });
});

describe('resolveServiceControl', () => {
  it('uses configured commands as given', async () => {
    const sc = await resolveServiceControl({ service: { stop: ['brew', 'services', 'stop', 'redis'], start: ['brew', 'services', 'start', 'redis'] } });
    expect(sc).toEqual({ kind: 'configured', stop: ['brew', 'services', 'stop', 'redis'], start: ['brew', 'services', 'start', 'redis'] });
  });

  it('asks for the commands where it cannot know them', async () => {
    await expect(resolveServiceControl({ platform: 'darwin' })).rejects.toMatchObject({ code: 'redis-service-unknown', message: expect.stringMatching(/darwin/) });
    // No `sc` on this machine: the Windows probe finds no service and says which names it looked for.
    await expect(resolveServiceControl({ platform: 'win32' })).rejects.toMatchObject({ code: 'redis-service-windows-not-found', message: expect.stringMatching(/"Redis", "Memurai"/) });
    // systemctl is installed here but systemd is not running: no unit is "loaded".
    await expect(resolveServiceControl({ platform: 'linux' })).rejects.toMatchObject({ code: 'redis-service-systemd-not-found', message: expect.stringMatching(/systemd unit "redis-server", "redis"/) });
    // The hint names the setting to write, the same in every language.
    await expect(resolveServiceControl({ platform: 'darwin' })).rejects.toMatchObject({ hint: expect.stringContaining('"service": { "stop": [...], "start": [...] }') });
  });
});

describe('redis source: service commands in the config', () => {
  const base = { id: 'cache', type: 'redis' };
  it('accepts argv arrays and is optional', () => {
    expect(redisSourceSchema.parse(base).service).toBeUndefined();
    const s = redisSourceSchema.parse({ ...base, service: { stop: ['systemctl', 'stop', 'redis-server'], start: ['systemctl', 'start', 'redis-server'] } });
    expect(s.service?.stop).toEqual(['systemctl', 'stop', 'redis-server']);
  });
  it('rejects empty commands, control characters and an option as the program', () => {
    expect(redisSourceSchema.safeParse({ ...base, service: { stop: [], start: ['x'] } }).success).toBe(false);
    expect(redisSourceSchema.safeParse({ ...base, service: { stop: ['net', 'stop\nRedis'], start: ['x'] } }).success).toBe(false);
    expect(redisSourceSchema.safeParse({ ...base, service: { stop: ['-rf'], start: ['x'] } }).success).toBe(false);
    expect(redisSourceSchema.safeParse({ ...base, service: { stop: 'systemctl stop redis', start: ['x'] } }).success).toBe(false);
  });
});

describe('describeKey', () => {
  it('shows text keys as text and binary keys as hex', () => {
    expect(describeKey(Buffer.from('商品:在庫'))).toBe('"商品:在庫"');
    expect(describeKey(Buffer.from([0, 0xff, 0x0d]))).toBe('"0x00ff0d"');
    expect(describeKey(Buffer.from('k'.repeat(100)))).toMatch(/^"k{57}…"$/);
  });
});
