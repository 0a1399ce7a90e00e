/**
 * Passwords that live for one session of Kura only: a restore account typed into the restore wizard
 * (or given to `kura restore` on stdin or in an environment variable) is used for that restore and
 * must never reach the keychain, a file or a log unless the admin ticks "remember". Such passwords
 * are named `session.<name>`: whoever asks the store for that name gets it from memory, every other
 * name goes to the real store (the keychain). Code that already reads passwords by reference (the
 * restore engine's targets, the restore journal's request) needs no second way in.
 */
import { randomBytes } from 'node:crypto';
import type { SecretStore } from './secret-store.js';

export const SESSION_PREFIX = 'session.';

export function isSessionRef(ref: string): boolean {
  return ref.startsWith(SESSION_PREFIX);
}

/** A fresh session name ("session.restore-mysql-1f3a…"), for a password typed once. */
export function newSessionRef(purpose: string): string {
  return `${SESSION_PREFIX}${purpose}-${randomBytes(8).toString('hex')}`;
}

const WRAPPED = Symbol('kura.sessionSecrets');

/** `base` with a memory-only `session.*` namespace in front of it (the same object when already wrapped). */
export function withSessionSecrets(base: SecretStore): SecretStore {
  if ((base as { [WRAPPED]?: true })[WRAPPED]) return base;
  const held = new Map<string, string>();
  const store: SecretStore & { [WRAPPED]: true } = {
    [WRAPPED]: true,
    async get(ref) {
      return isSessionRef(ref) ? (held.get(ref) ?? null) : base.get(ref);
    },
    async set(ref, value) {
      if (isSessionRef(ref)) held.set(ref, value);
      else await base.set(ref, value);
    },
    async delete(ref) {
      return isSessionRef(ref) ? held.delete(ref) : base.delete(ref);
    },
    async sourceOf(ref) {
      if (isSessionRef(ref)) return held.has(ref) ? 'this session only' : null;
      return base.sourceOf ? base.sourceOf(ref) : (await base.get(ref)) === null ? null : 'keychain';
    },
  };
  return store;
}
