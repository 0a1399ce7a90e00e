/**
 * Method `sync`: fetch the RDB snapshot the way a replica does, over the Redis port.
 *
 * Why this is the default: it works against a remote server (no file access needed), the server
 * produces a consistent point-in-time snapshot by forking, and it is exactly the path Redis itself
 * uses to copy a dataset. The handshake:
 *   REPLCONF capa eof capa psync2   we accept diskless "$EOF:<marker>" transfers
 *   REPLCONF rdb-only 1             Redis 7+: we want the snapshot only, no replication backlog
 *   PSYNC ? -1                      full resync (falls back to SYNC on servers without PSYNC)
 * then the RDB is streamed straight to `outFile` (constant memory), hashed, walked and CRC64-checked
 * while written (`RdbFileSink`), and the connection is closed the moment the payload ends so the
 * server stops buffering writes for us.
 */
import type { Socket } from 'node:net';
import { KuraError } from '../../errors.js';
import { sayTo, type Logger } from '../../progress.js';
import { msg } from '../../../shared/messages/index.js';
import { redisNetworkError, redisProtocolError, redisReplyError } from './redis-errors.js';
import type { RedisTarget } from './redis-target.js';
import { describeTarget } from './redis-target.js';
import { connectRedis } from './resp-client.js';
import { encodeCommand } from './resp-parser.js';
import { RdbFileSink } from './rdb-file-sink.js';
import { RdbTransferDecoder, TransferProtocolError, type TransferEvent } from './rdb-transfer.js';
import type { RdbValidation } from './validate-rdb.js';

export interface RdbDownload {
  bytes: number;
  /** SHA-256 of the file, computed while it was written. */
  sha256: string;
  /** The walk + CRC64 check, done on the same bytes while they were written. */
  validation: RdbValidation;
}

export interface SyncOptions {
  target: RedisTarget;
  outFile: string;
  signal?: AbortSignal;
  onProgress?: (p: { bytes: number; totalBytes: number | null }) => void;
  logger?: Logger;
  /** The master must send something (data or a keep-alive) at least this often. Default 120 s. */
  idleTimeoutMs?: number;
}

const PROGRESS_INTERVAL_MS = 200;

/**
 * Replication handshake, then the RDB into `outFile`, validated on the way. Throws `rdb-invalid` for
 * a damaged or truncated snapshot. Leaves a partial file behind on failure (fetchRdb deletes it).
 */
export async function fetchViaSync(opts: SyncOptions): Promise<RdbDownload> {
  const { target, logger } = opts;
  const client = await connectRedis(target, { signal: opts.signal, logger });
  let socket: Socket;
  let buffered: Buffer;
  try {
    const capa = await client.command('REPLCONF', 'capa', 'eof', 'capa', 'psync2');
    if (capa.kind === 'error' && !/unknown command|unrecognized/i.test(capa.message)) {
      throw redisReplyError(capa.message, 'replconf', target);
    }
    const rdbOnly = await client.command('REPLCONF', 'rdb-only', '1');
    if (rdbOnly.kind === 'error') logger?.log('debug', `redis: REPLCONF rdb-only not supported (${rdbOnly.message}); continuing`);
    ({ socket, buffered } = client.detach());
  } catch (err) {
    await client.close();
    throw err;
  }
  sayTo(logger, 'info', msg('redis-sync-asking', { where: describeTarget(target) }));
  return receiveRdb(socket, buffered, opts);
}

async function receiveRdb(socket: Socket, buffered: Buffer, opts: SyncOptions): Promise<RdbDownload> {
  const { target, logger } = opts;
  const decoder = new RdbTransferDecoder();
  const sink = await RdbFileSink.create(opts.outFile, opts.signal);
  let bytes = 0;
  let totalBytes: number | null = null;
  let triedSync = false;
  let lastProgress = 0;
  let phase = 'waiting for the snapshot';

  const onAbort = (): void => {
    socket.destroy(new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' }));
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  socket.setTimeout(opts.idleTimeoutMs ?? 120_000, () => {
    socket.destroy(Object.assign(new Error('no data from the server'), { code: 'KURA_TIMEOUT' }));
  });

  const handle = async (events: TransferEvent[]): Promise<boolean> => {
    for (const ev of events) {
      switch (ev.kind) {
        case 'fullresync':
          logger?.log('debug', `redis: FULLRESYNC ${ev.replid} ${ev.offset}`);
          break;
        case 'keepalive':
          break;
        case 'error': {
          // Servers without PSYNC (or users allowed only SYNC) get one more try with the old command.
          if (!triedSync && /unknown command|NOPERM/i.test(ev.message)) {
            triedSync = true;
            logger?.log('debug', `redis: PSYNC refused (${ev.message}); trying SYNC`);
            socket.write(encodeCommand(['SYNC']));
            break;
          }
          throw redisReplyError(ev.message, triedSync ? 'sync' : 'psync', target);
        }
        case 'start':
          totalBytes = ev.totalBytes;
          phase = 'receiving the snapshot';
          sayTo(logger, 'info', totalBytes === null ? msg('redis-sync-receiving-diskless', {}) : msg('redis-sync-receiving', { bytes: totalBytes }));
          opts.onProgress?.({ bytes: 0, totalBytes });
          break;
        case 'data':
          await sink.write(ev.chunk);
          bytes += ev.chunk.length;
          if (Date.now() - lastProgress >= PROGRESS_INTERVAL_MS) {
            lastProgress = Date.now();
            opts.onProgress?.({ bytes, totalBytes });
          }
          break;
        case 'end':
          return true;
      }
    }
    return false;
  };

  try {
    socket.write(encodeCommand(['PSYNC', '?', '-1']));
    let finished = buffered.length > 0 ? await handle(decoder.push(buffered)) : false;
    if (!finished) {
      for await (const chunk of socket as AsyncIterable<Buffer>) {
        if (await handle(decoder.push(chunk))) {
          finished = true;
          break;
        }
      }
    }
    if (!finished) {
      throw redisNetworkError(Object.assign(new Error('connection closed before the snapshot was complete'), { code: 'ECONNRESET' }), target, phase);
    }
    // The server is done with us: hang up before waiting for the disk and the last of the walk.
    socket.destroy();
    const result = await sink.finish();
    opts.onProgress?.({ bytes, totalBytes });
    return result;
  } catch (err) {
    await sink.abort(err);
    if (err instanceof KuraError) throw err;
    if (err instanceof TransferProtocolError) {
      throw redisProtocolError(`instead of the snapshot: ${err.message}`, target);
    }
    throw redisNetworkError(err, target, phase);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    socket.destroy();
  }
}
