/**
 * File names for artifacts inside a snapshot. Database names may hold characters Windows forbids in
 * file names (`:*?"<>|`), so those (and "%") are percent-encoded; everything else, Japanese included,
 * stays readable for an admin restoring by hand.
 */
export function safeFileName(name: string): string {
  let out = '';
  for (const c of name) {
    const code = c.codePointAt(0)!;
    out += code < 0x20 || '%<>:"/\\|?*'.includes(c) ? '%' + code.toString(16).toUpperCase().padStart(2, '0') : c;
  }
  return out;
}

export function filesItemPath(sourceId: string): string {
  return `files/${sourceId}`;
}

export function mysqlItemPath(sourceId: string, database: string): string {
  return `mysql/${sourceId}/${safeFileName(database)}.sql.gz`;
}

export function redisItemPath(sourceId: string): string {
  return `redis/${sourceId}/dump.rdb`;
}
