/**
 * The Redis tool module's public surface: fetching and validating RDB snapshots, the connection
 * test, the RESP client and the RDB reader (used by restore).
 */
export { fetchRdb, type FetchRdbOptions, type RedisFetchMethod, type RedisFetchResult } from './fetch-rdb.js';
export { validateRdbFile, type RdbValidation } from './validate-rdb.js';
export { redisInfo, type RedisServerInfo } from './info.js';
export { RdbReader, type RdbEntry, type RdbReaderOptions } from './rdb-reader.js';
export { RDB_TYPE, RDB_OPCODE, rdbTypeName } from './rdb-format.js';
export { crc64, crc64Init, crc64Update, crc64Bytes, crc64Value } from './crc64.js';
export { connectRedis, RespClient, type RespClientOptions } from './resp-client.js';
export type { RespValue, RespArg } from './resp-parser.js';
export type { RedisTarget } from './redis-target.js';
