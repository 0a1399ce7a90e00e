/**
 * When sshd dies, ssh2 throws ("Invalid Zlib instance") from a channel's end()/destroy() — called by
 * stream pipes from event handlers, an uncaught exception that took the process down in the fault
 * suite (sshd killed during a dump through the forward). guardChannel drops the EOF/CLOSE a dead
 * connection cannot send. Tested on ssh2's own Channel class with a protocol that throws like that.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { ClientChannel } from 'ssh2';
import { guardChannel } from '../../../../electron/engine/tools/ssh/ssh-connection.js';

const require = createRequire(import.meta.url);
const { Channel } = require('ssh2/lib/Channel.js') as { Channel: new (client: unknown, info: unknown) => ClientChannel };

function deadChannel(): ClientChannel {
  const dead = () => {
    throw new Error('Invalid Zlib instance');
  };
  const client = { _protocol: { channelEOF: dead, channelClose: dead, channelData: dead, channelWindowAdjust: dead }, _chanMgr: { remove: () => {} } };
  const info = { type: 'session', incoming: { id: 0, window: 2 ** 21, packetSize: 32768, state: 'open' }, outgoing: { id: 0, window: 2 ** 21, packetSize: 32768, state: 'open' } };
  return new Channel(client, info);
}

describe('guardChannel', () => {
  it('ssh2 throws from end() on a dead connection (what the guard is for)', () => {
    expect(() => deadChannel().end()).toThrow(/Zlib/);
  });

  it('end() and destroy() on a guarded channel of a dead connection do not throw', () => {
    expect(() => guardChannel(deadChannel()).end()).not.toThrow();
    expect(() => guardChannel(deadChannel()).destroy()).not.toThrow();
  });
});
