/**
 * The programs Kura runs whose path an admin may set in Settings (config.json `settings.toolPaths`),
 * named exactly as the tool resolver looks them up (electron/engine/tools/resolve-tool.ts). One list
 * for the engine, the contract and the Settings screen: a box the resolver never reads is a lie
 * (the first Settings screen saved the MySQL client under "mysql-client" and offered "keychain").
 */
export const TOOL_NAMES = ['rsync', 'ssh', 'mariadb-dump', 'mysqldump', 'mariadb', 'mysql'] as const;

export type ToolName = (typeof TOOL_NAMES)[number];

/** Keys the first Settings screen wrote that name no program: dropped when a config is read. */
export const LEGACY_TOOL_PATH_KEYS: readonly string[] = ['mysql-client', 'keychain'];
