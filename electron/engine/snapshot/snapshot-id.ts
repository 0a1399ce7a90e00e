/**
 * Snapshot ids are the UTC start time, `YYYY-MM-DDTHH-MM-SSZ`: they sort by time as plain strings,
 * are valid folder names on Windows (no ":"), and tell an admin browsing the backup disk what they are.
 */
const ID = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z$/;

export function snapshotIdFromDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

export function isSnapshotId(s: string): boolean {
  return ID.test(s);
}

export function dateFromSnapshotId(id: string): Date | null {
  const m = ID.exec(id);
  if (!m) return null;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
