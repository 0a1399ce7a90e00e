/**
 * A field of the wrong type is not a missing field: zod reports the input only when asked, so
 * "keepLast": "7" was said as "is missing" (the fault suite caught it).
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fieldProblems, issueProblem } from '../../../electron/shared/messages/field-problems.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import { s3TargetSchema } from '../../../electron/engine/config/schema.js';

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

describe('an S3 target\'s problems', () => {
  it('are catalogued, so a Japanese admin reads each in Japanese (the bucket, prefix and endpoint rules; the endpoint as typed stays verbatim)', () => {
    const bad = s3TargetSchema.safeParse({ id: 'off', type: 's3', endpoint: 'ftp://x', bucket: 'AB', prefix: '/shop', accessKeyId: 'has space', secretRef: 's3.secret', region: 'Tokyo!' });
    expect(bad.success).toBe(false);
    const problems = fieldProblems(bad.error!);
    const codes = problems.map((p) => p.problem.code);
    expect(codes).toEqual(expect.arrayContaining(['field-endpoint-scheme', 'field-bucket-length', 'field-prefix-slash', 'field-region', 'field-access-key-id']));
    for (const p of problems) {
      const ja = renderLoose('ja', p.problem.code, p.problem.params).message;
      expect(ja.replace('ftp://x', ''), ja).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
    }
  });
});
