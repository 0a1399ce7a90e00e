/**
 * How long the setup wizard's "Test connection" waits on a server: to connect, and for each answer.
 * A test is a handful of small questions, so a server that says nothing for this long is hung (or the
 * port belongs to another program) and the admin hears so within seconds, not after minutes. Backups
 * keep their longer bounds (a busy server may take a while to start a big dump).
 */
export const TEST_CONNECT_SECONDS = 15;
export const TEST_ANSWER_SECONDS = 15;
/**
 * rsync's `--timeout` for a listing: rsync notices its I/O timeout up to twice as late as asked
 * (`--timeout=15` ended after 24 s here), so it is asked for about half the answer bound.
 */
export const RSYNC_LIST_IO_SECONDS = 8;
/** The whole test, whatever its steps: nothing the wizard starts may run longer than this. */
export const TEST_DEADLINE_SECONDS = 60;
