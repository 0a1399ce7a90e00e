/**
 * The wizard's running "Test connection" calls, one per section: each call carries an id so its
 * Cancel button can stop exactly that test on the service side (`sources.cancelTest`), and a test the
 * admin cancelled goes back to idle instead of showing as a failure.
 */
import type { ErrorDto } from '../../../electron/shared/ipc-contract.js';
import { call } from '../lib/api.js';

export type TestSection = 'server' | 'files' | 'mysql' | 'redis';

const running = new Map<TestSection, string>();
let counter = 0;

/** A new id for the section's test (replacing any earlier one): pass it as the call's `{ testId }`. */
export function beginTest(section: TestSection): { testId: string } {
  counter += 1;
  const testId = `${section}-${Date.now().toString(36)}-${counter}`;
  running.set(section, testId);
  return { testId };
}

export function endTest(section: TestSection, handle: { testId: string }): void {
  if (running.get(section) === handle.testId) running.delete(section);
}

/** Stops the section's running test; its pending call then ends with a cancelled error. */
export async function cancelTest(section: TestSection): Promise<void> {
  const testId = running.get(section);
  if (testId === undefined) return;
  await call('sources.cancelTest', testId);
}

/** The error a cancelled test ends with: not a failure to show. */
export function wasCancelled(error: ErrorDto): boolean {
  return error.code === 'cancelled' && error.params?.['variant'] === 'test';
}
