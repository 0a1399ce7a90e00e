/**
 * A field of the wrong type is not a missing field: zod reports the input only when asked, so
 * "keepLast": "7" was said as "is missing" (the fault suite caught it).
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { issueProblem } from '../../../electron/shared/messages/field-problems.js';

describe('issueProblem', () => {
  const issues = z.object({ keepLast: z.number(), keepDaily: z.number(), name: z.string() }).safeParse({ keepLast: '7', name: 5 }).error!.issues;
  const byField = Object.fromEntries(issues.map((i) => [String(i.path[0]), issueProblem(i).code]));

  it('a wrong type says what was expected', () => {
    expect(byField['keepLast']).toBe('field-expected-number');
    expect(byField['name']).toBe('field-expected-text');
  });

  it('an absent field is missing', () => {
    expect(byField['keepDaily']).toBe('field-missing');
  });
});
