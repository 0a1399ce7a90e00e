import { describe, expect, it } from 'vitest';
import { issueProblem } from '../../../electron/shared/messages/field-problems.js';
import { english } from '../../../electron/shared/messages/render.js';
import { jobSchema } from '../../../electron/engine/config/schema.js';
import { isRemoteAddress } from '../../../electron/engine/offsite/remote-location.js';

const base = { id: 'shop', name: 'Shop', destination: { path: '/backups' }, sources: [{ id: 'www', type: 'files', from: '/var/www' }] };

describe('off-site targets in config.json', () => {
  it('defaults to none and accepts every address spelling', () => {
    expect(jobSchema.parse(base).offsite).toEqual([]);
    const job = jobSchema.parse({
      ...base,
      offsite: [
        { id: 'dc', to: 'kura@backup.example.jp::kura', passwordRef: 'dc-pw', bwlimit: 500 },
        { id: 'url', to: 'rsync://kura@backup.example.jp:8873/kura/shops' },
        { id: 'ssh', to: 'kura@backup.example.jp:/srv/kura', sshKeyPath: '/home/a/.ssh/id_ed25519', sshPort: 2222 },
        { id: 'nas', to: '\\\\nas\\backup' },
      ],
    });
    expect(job.offsite.map((t) => t.id)).toEqual(['dc', 'url', 'ssh', 'nas']);
  });

  it('names the field of a bad target', () => {
    const r = jobSchema.safeParse({ ...base, offsite: [{ id: 'a', to: 'rsync://h/' }, { id: 'a', to: '/x', bwlimit: 0 }] });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues.some((m) => m.startsWith('offsite.0.to:'))).toBe(true);
    expect(issues.some((m) => m.startsWith('offsite.1.bwlimit:'))).toBe(true);
  });

  it('rejects a target id used twice', () => {
    const r = jobSchema.safeParse({ ...base, offsite: [{ id: 'a', to: '/x' }, { id: 'a', to: '/y' }] });
    expect(r.error!.issues.map((i) => english(issueProblem(i)))).toContain('the off-site target id "a" is used twice');
  });

  it('tells remote addresses from folders (a Windows drive is a folder)', () => {
    expect(isRemoteAddress('rsync://h/m/')).toBe(true);
    expect(isRemoteAddress('kura@h::m')).toBe(true);
    expect(isRemoteAddress('kura@h:/srv/kura')).toBe(true);
    expect(isRemoteAddress('/mnt/usb/kura')).toBe(false);
    expect(isRemoteAddress('C:\\Backups')).toBe(false);
    expect(isRemoteAddress('\\\\nas\\share')).toBe(false);
  });
});
