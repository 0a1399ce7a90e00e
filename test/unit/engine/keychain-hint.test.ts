/** The keychain error's hint names this computer's keychain (it used to talk about Linux on every OS). */
import { describe, expect, it } from 'vitest';
import { keychainHint } from '../../../electron/engine/secrets/keychain-secret-store.js';

describe('keychainHint', () => {
  it('Windows: Credential Manager and the Task Scheduler user, nothing about Linux', () => {
    expect(keychainHint('win32')).toContain('Windows Credential Manager');
    expect(keychainHint('win32')).toContain('Task Scheduler');
    expect(keychainHint('win32')).not.toMatch(/Linux|Secret Service|gnome|dbus/i);
  });
  it('macOS: the login keychain', () => {
    expect(keychainHint('darwin')).toContain('Keychain Access');
    expect(keychainHint('darwin')).not.toMatch(/Linux|Credential Manager|gnome/i);
  });
  it('Linux: a Secret Service on a desktop, systemd credentials on a server', () => {
    expect(keychainHint('linux')).toContain('Secret Service');
    expect(keychainHint('linux')).toContain('kura daemon --print-unit');
    expect(keychainHint('linux')).not.toMatch(/Credential Manager/);
  });
});
