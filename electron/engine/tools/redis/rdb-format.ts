/**
 * The numbers of the RDB file format (src/rdb.h in Redis): value types, opcodes, length and string
 * encodings. Kept apart from the reader so the restore side (which builds RESTORE payloads) and the
 * tests share one spelling.
 */

/** Value types: the byte before a key. The same byte starts a DUMP/RESTORE payload. */
export const RDB_TYPE = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE_PRE_GA: 6,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
  SET_LISTPACK: 20,
  STREAM_LISTPACKS_3: 21,
  HASH_METADATA_PRE_GA: 22,
  HASH_LISTPACK_EX_PRE_GA: 23,
  HASH_METADATA: 24,
  HASH_LISTPACK_EX: 25,
} as const;

/** Opcodes between keys (values 244–255 never start a key). */
export const RDB_OPCODE = {
  SLOT_INFO: 244,
  FUNCTION2: 245,
  FUNCTION_PRE_GA: 246,
  MODULE_AUX: 247,
  IDLE: 248,
  FREQ: 249,
  AUX: 250,
  RESIZEDB: 251,
  EXPIRETIME_MS: 252,
  EXPIRETIME: 253,
  SELECTDB: 254,
  EOF: 255,
} as const;

/** Sub-opcodes inside a module value (RDB_TYPE_MODULE_2) and MODULE_AUX. */
export const RDB_MODULE_OPCODE = { EOF: 0, SINT: 1, UINT: 2, FLOAT: 3, DOUBLE: 4, STRING: 5 } as const;

/** Special string encodings (length byte 11xxxxxx). */
export const RDB_ENC = { INT8: 0, INT16: 1, INT32: 2, LZF: 3 } as const;

/** Quicklist 2 node containers. */
export const QUICKLIST_CONTAINER = { PLAIN: 1, PACKED: 2 } as const;

/** The newest RDB version Kura knows the layout of (Redis 7.4+ writes 12). */
export const RDB_VERSION_KNOWN = 12;

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(RDB_TYPE).map(([k, v]) => [v, k.toLowerCase()]));

/** "string", "list_quicklist_2", … or "type 42" for numbers Kura does not know. */
export function rdbTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `type ${type}`;
}

const MODULE_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A module type id is 9 characters of a 64-symbol alphabet (6 bits each) followed by a 10-bit
 * encoding version: this recovers the name ("ReJSON-RL", "MBbloom--") so errors can say which
 * module the data needs.
 */
export function moduleTypeName(id: bigint): { name: string; encver: number } {
  const encver = Number(id & 1023n);
  let rest = id >> 10n;
  let name = '';
  for (let i = 0; i < 9; i++) {
    name = MODULE_CHARSET[Number(rest & 63n)]! + name;
    rest >>= 6n;
  }
  return { name, encver };
}
