/**
 * For restore tests into a scratch database: events are recreated DISABLED.
 *
 * Why: an event restored into `<db>__kura_verify` is live the moment it is created when the server's
 * event scheduler is on (the default on MySQL 8). An event body that names tables with their schema
 * (`DELETE FROM shop.sessions …`) would then run against the real shop database during a mere test.
 * A disabled event is still created, so the test still proves it restores and can be counted.
 */

/**
 * mysqldump writes an event as one header line:
 *   /*!50106 CREATE*\/ /*!50117 DEFINER=…*\/ /*!50106 EVENT `e` ON SCHEDULE … ON COMPLETION NOT PRESERVE ENABLE DO …
 * The status word sits right after ON COMPLETION [NOT] PRESERVE: ENABLE, DISABLE, or DISABLE ON SLAVE.
 */
const EVENT_STATUS = /^(\s*\/\*M?!\d+\s+CREATE\s*\*\/.*?\bEVENT\b.*?\bON\s+COMPLETION\s+(?:NOT\s+)?PRESERVE\s+)(ENABLE|DISABLE\s+ON\s+SLAVE)(?=\s)/is;

export function disableEventClause(line: string): string {
  return line.replace(EVENT_STATUS, '$1DISABLE');
}
