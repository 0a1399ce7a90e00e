/**
 * `--strip-definers`: removes `DEFINER=user@host` clauses from a dump while it streams into `mysql`.
 *
 * Why: a view, routine, trigger or event in a dump names the account that created it. Recreating it
 * with someone else's name needs SUPER (MySQL 5.7/MariaDB) or SET_USER_ID / SET USER (MySQL 8 /
 * MariaDB 10.5+), which a shared-hosting or shop user never has, so the import stops with
 * ERROR 1227; and if that account does not exist on the new server the objects fail later with
 * ERROR 1449. Without the clause the server makes the importing user the definer, which is what an
 * admin restoring "their own" database wants.
 *
 * Only header lines are touched (see SqlHeaderRewriter): `CREATE [ALGORITHM=…] DEFINER=…` and the
 * `/*!50013 DEFINER=… *\/`, `/*!50017 …`, `/*!50117 …` version comments mysqldump writes; data is not.
 */
import { SqlHeaderRewriter } from './sql-line-rewriter.js';

/** One account part: `quoted`, 'quoted', "quoted" (each with its doubling/backslash escapes) or bare. */
const PART = String.raw`(?:\`(?:[^\`]|\`\`)*\`|'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"|[A-Za-z0-9_$.%\x80-\xff-]+)`;
const DEFINER = new RegExp(
  String.raw`(CREATE\s+(?:OR\s+REPLACE\s+)?(?:ALGORITHM\s*=\s*\w+\s+)?|\/\*M?!\d{5,6}\s+)` +
    String.raw`DEFINER\s*=\s*(?:CURRENT_USER(?:\s*\(\s*\))?|${PART}(?:\s*@\s*${PART})?)\s*`,
  'gi',
);

/** Removes every DEFINER clause from one header line (latin1-decoded: works byte-wise on any UTF-8). */
export function stripDefinerClauses(line: string): string {
  return line.replace(DEFINER, '$1');
}

/** True when a header line carries a DEFINER clause (for counting and for tests). */
export function hasDefinerClause(line: string): boolean {
  DEFINER.lastIndex = 0;
  const found = DEFINER.test(line);
  DEFINER.lastIndex = 0;
  return found;
}

/** The streaming Transform: put it between gunzip and the `mysql` client's stdin. */
export function createDefinerStripper(): SqlHeaderRewriter {
  return new SqlHeaderRewriter(stripDefinerClauses);
}
