/**
 * The MySQL/MariaDB tool module: client detection, dumping to .sql.gz, dump verification and the
 * small queries the UI needs, and the import side of restore (streaming import, DEFINER stripping,
 * error mapping, post-restore verification). Other engine code imports from here, not from the files inside.
 */
export type { DumpProgress, MysqlClient, MysqlConsistency, MysqlDumpResult, MysqlDumpSupports, MysqlFlavour, MysqlObjectList, MysqlTarget } from './types.js';
export { detectMysqlClient, parseClientVersion, supportsFromHelp, supportsFromVersion, compareVersions } from './detect-client.js';
export { configureOptionFiles, formatOptionValue, optionFilesRoot, renderDefaultsFile, sweepOptionFiles, withDefaultsFile, type OptionFileMode } from './defaults-file.js';
export { assertDatabaseName, buildDumpArgs, buildQueryArgs } from './dump-args.js';
export { mysqlWhere, mysqlFailureToError, missingPrivilege, packetTooLargeError, privilegeMissingError, serverErrorCodes, statementTooLargeError, type MysqlFailure } from './errors.js';
export { grantStatement, quoteAccount, quoteIdentifier, quoteString, type GrantScope, type MysqlAccount } from './grants.js';
export { type CompressorFactory, gzipCompressor, parallelGzipCompressor } from './compressor.js';
export { DumpTrailerWatcher, hasDumpTrailer } from './dump-trailer.js';
export { dumpDatabase, type DumpDatabaseOptions } from './dump-database.js';
export { checkParts, DumpSectionScanner, LineAligner, type DumpPart, type DumpPartKind } from './dump-sections.js';
export { verifyDumpFile, type VerifiedDump } from './verify-dump.js';
export { listDatabases, querySql, runSql, parseBatchOutput } from './queries.js';
export { countRows, readInventory, type DatabaseInventory } from './inventory.js';
export { checkDumpPrivileges, holdsPrivilege, queryPrivileges, type PrivilegeSnapshot, missingPrivileges, schemaPatternMatches, type MissingPrivilege, type PrivilegeEffect } from './privileges.js';
export { importDump, buildImportArgs, type ImportDumpOptions, type ImportResult } from './import-dump.js';
export { defaultRestoreConnections, importDumpParallel, singleTableParts, type ParallelImportOptions } from './parallel-import.js';
export { importFailureToError, lastErrorLine, sqlLineOf, type ImportFailure } from './import-errors.js';
export { createDefinerStripper, stripDefinerClauses, hasDefinerClause } from './definers.js';
export { disableEventClause } from './scratch-events.js';
export { SqlHeaderRewriter, type HeaderLineRewrite } from './sql-line-rewriter.js';
export { isMysql8Collation, mariadbEquivalent, unknownCollation, unknownCollationError } from './collations.js';
export { createDatabase, createDatabaseSql, dropDatabase, probeDatabase, serverMaxAllowedPacket, type DatabaseState } from './database-admin.js';
export { compareWithSnapshot, verifyRestoredDatabase, type ExpectedDatabase } from './verify-restore.js';
export { describeObject, renameRefusedError, scanDumpForRename, SchemaRenameTransform, type DumpObjectRef, type RenameProblem, type RenameScan } from './schema-rename.js';
export { DEFAULT_SQL_MODE, sqlModeFlags, tokenizeStatement, type SqlMode, type Token } from './sql-tokenizer.js';
export { LargestStatementWatcher } from './statement-size.js';
