/**
 * Passwords for the accounts Kura asks the admin to create. 24 random bytes (192 bits) in the
 * base64url alphabet: no quote, colon, space, backslash or "$", so the same password can be pasted
 * into rsyncd.secrets (`user:password`), an SQL string and a Redis ACL rule (`>password`) without
 * any escaping going wrong in a non-specialist's hands.
 */
import { randomBytes } from 'node:crypto';

export function generatePassword(bytes = 24): string {
  // A leading "-" or "_" reads like an option or a typo when spoken over the phone; re-draw.
  for (;;) {
    const pw = randomBytes(bytes).toString('base64url');
    if (/^[A-Za-z0-9]/.test(pw)) return pw;
  }
}
