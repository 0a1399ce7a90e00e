/** `kura daemon --print-unit`'s text: quoting of paths with spaces, one LoadCredential= per ref, the Windows task. */
import { describe, expect, it } from 'vitest';
import { systemdUnit, windowsTask } from '../../../electron/cli/service-unit.js';

const base = { execPath: '/opt/Kura/kura-app', script: '/opt/Kura/resources/app.asar/out/cli/kura.js', electron: true, kuraHome: '/srv/kura state', user: 'shop', version: '1.2.3' };

describe('kura daemon --print-unit', () => {
  it('systemd: the app run as Node, quoted paths, a LoadCredential= line and a creation hint per ref', () => {
    const unit = systemdUnit({ ...base, refs: ['shop-mysql', 'shop-redis'] });
    expect(unit).toContain('Environment="KURA_HOME=/srv/kura state"');
    expect(unit).toContain('Environment=ELECTRON_RUN_AS_NODE=1');
    expect(unit).toContain('ExecStart=/opt/Kura/kura-app /opt/Kura/resources/app.asar/out/cli/kura.js daemon');
    expect(unit.match(/^LoadCredential=.*$/gm)).toEqual(['LoadCredential=shop-mysql:/etc/kura/credentials/shop-mysql', 'LoadCredential=shop-redis:/etc/kura/credentials/shop-redis']);
    expect(unit).toContain("umask 077; cat > /etc/kura/credentials/shop-redis'");
    expect(unit).toContain('User=shop');
    expect(unit).not.toMatch(/password\s*=/i);
  });

  it('systemd under plain Node: no ELECTRON_RUN_AS_NODE', () => {
    expect(systemdUnit({ ...base, execPath: '/usr/bin/node', script: '/usr/lib/node_modules/kura/bin/kura.js', electron: false, refs: [] })).not.toContain('ELECTRON_RUN_AS_NODE');
  });

  it('Windows: a Task Scheduler task at boot as this user, running the installed kura.cmd', () => {
    const task = windowsTask({ ...base, user: 'SHOP\\taro', launcher: 'C:\\Users\\taro\\AppData\\Local\\Programs\\Kura\\bin\\kura.cmd' });
    expect(task).toContain('schtasks /Create /TN "Kura daemon" /SC ONSTART /RU "SHOP\\taro" /RP * /RL LIMITED /F /TR "\\"C:\\Users\\taro\\AppData\\Local\\Programs\\Kura\\bin\\kura.cmd\\" daemon"');
    expect(task.split('\r\n').length).toBeGreaterThan(3);
  });
});
