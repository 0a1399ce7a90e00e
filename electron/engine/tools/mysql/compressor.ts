/**
 * The compressor a dump streams through, as a factory so it can be swapped: Node's zlib gzip now,
 * a multi-threaded multi-member gzip later. Whatever it produces must be standard gzip (possibly
 * several concatenated members), because admins restore with `gunzip -c dump.sql.gz | mysql db`.
 */
import type { Transform } from 'node:stream';
import { createGzip } from 'node:zlib';

export type CompressorFactory = (options: { level: number }) => Transform;

/** Single-threaded gzip from Node's zlib; the work runs on libuv's thread pool, off the main thread. */
export const gzipCompressor: CompressorFactory = ({ level }) => createGzip({ level, chunkSize: 64 * 1024 });
