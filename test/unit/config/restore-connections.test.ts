/**
 * `restoreConnections` on a MySQL source (and `--connections` on a restore request): a whole number
 * from 1 to 16, refused with its own catalogued problem otherwise.
 */
import { describe, expect, it } from 'vitest';
import { mysqlSourceSchema } from '../../../electron/engine/config/schema.js';
import { restoreRequestSchema } from '../../../electron/shared/restore-request.js';
import { issueProblem } from '../../../electron/shared/messages/field-problems.js';

const source = { id: 'db', type: 'mysql', user: 'backup', databases: ['shop'] };

describe('restore connections', () => {
  it('accepts 1 to 16 on a MySQL source and on a restore request', () => {
    expect(mysqlSourceSchema.parse({ ...source, restoreConnections: 1 }).restoreConnections).toBe(1);
    expect(mysqlSourceSchema.parse({ ...source, restoreConnections: 16 }).restoreConnections).toBe(16);
    expect(mysqlSourceSchema.parse(source).restoreConnections).toBeUndefined();
    expect(restoreRequestSchema.parse({ snapshotId: 'latest', sourceId: 'db', mysql: { connections: 3 } }).mysql?.connections).toBe(3);
  });

  it('refuses anything else, saying what is expected', () => {
    for (const bad of [0, 17, 2.5]) {
      const r = mysqlSourceSchema.safeParse({ ...source, restoreConnections: bad });
      expect(r.success).toBe(false);
      expect(issueProblem(r.error!.issues[0]!).code).toBe('field-restore-connections');
      const q = restoreRequestSchema.safeParse({ snapshotId: 'latest', sourceId: 'db', mysql: { connections: bad } });
      expect(issueProblem(q.error!.issues[0]!).code).toBe('field-restore-connections');
    }
  });
});
