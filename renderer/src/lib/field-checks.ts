/**
 * Checks a connection field as it is typed, so a wrong value is refused at the field with the fix
 * (i18n keys), never sent to the service to come back as a contract error. The host pattern is the
 * config's own (contract-fields.ts), so what passes here is what the job can save.
 */
import { HOST_PATTERN } from '../../../electron/shared/contract-fields.js';

/** The field error for a host (a name or an IP address), or null when it is one. */
export function hostError(value: string): string | null {
  const h = value.trim();
  if (!h) return 'wizard.errors.hostRequired';
  if (HOST_PATTERN.test(h)) return null;
  if (/\s/.test(h)) return 'wizard.errors.hostSpaces';
  if (/[@/]|::/.test(h)) return 'wizard.errors.hostAddress';
  return 'wizard.errors.hostInvalid';
}

export function isPort(value: string): boolean {
  return /^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= 65535;
}

/** A daemon address pasted whole into the host field (`rsync://user@host:port/module/path`, `user@host::module/path`). */
export function isPastedDaemonAddress(value: string): boolean {
  const s = value.trim();
  return /^rsync:\/\/[^/\s]+\/[^/\s]+/i.test(s) || /^[^\s:@/]*@?[^\s:@/]+::[^\s/]+/.test(s);
}
