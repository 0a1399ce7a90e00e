/**
 * The wizard's "Test connection" calls under a bound and a Cancel. Each test runs with its own
 * AbortController, found by the id the UI gave it, so the Cancel button stops exactly that test (its
 * mysql/rsync process is killed, its socket closed). A test that has not ended within the deadline is
 * stopped the same way and said as "did not finish within N seconds": nothing the wizard starts can
 * keep a button disabled for minutes, whatever the tools' own timeouts do.
 */
import { randomUUID } from 'node:crypto';
import { KuraError } from '../engine/errors.js';
import { TEST_DEADLINE_SECONDS } from '../engine/tools/answer-timeouts.js';

export interface TestRuns {
  /** Runs `fn` under the test's signal; its errors pass through, except the deadline's and Cancel's. */
  run<T>(testId: string | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Stops the test with this id. True when one was running. */
  cancel(testId: string): boolean;
  cancelAll(): void;
}

export function createTestRuns(deadlineMs = TEST_DEADLINE_SECONDS * 1000): TestRuns {
  const running = new Map<string, AbortController>();
  return {
    async run(testId, fn) {
      const id = testId ?? randomUUID();
      // The same id again (a double click): the older test is replaced, never left running unseen.
      running.get(id)?.abort();
      const controller = new AbortController();
      running.set(id, controller);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, deadlineMs);
      try {
        return await fn(controller.signal);
      } catch (err) {
        if (timedOut) throw new KuraError({ code: 'test-timeout', params: { seconds: Math.round(deadlineMs / 1000) }, category: 'network', cause: err });
        if (controller.signal.aborted) throw new KuraError({ code: 'cancelled~test', params: {}, category: 'cancelled' });
        throw err;
      } finally {
        clearTimeout(timer);
        if (running.get(id) === controller) running.delete(id);
      }
    },
    cancel(testId) {
      const c = running.get(testId);
      if (!c) return false;
      c.abort();
      return true;
    },
    cancelAll() {
      for (const c of running.values()) c.abort();
    },
  };
}
