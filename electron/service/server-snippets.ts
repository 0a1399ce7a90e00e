/**
 * `setup.serverSnippets`: the engine's server-setup report (the same one `kura server-setup` prints)
 * as the contract's DTO, plus what happened to each keychain entry.
 *
 * `serverSetup` always writes every account's password to the keychain, reused or not, so the
 * report alone cannot tell the admin whether the servers must be updated. The store handed to it
 * here looks at the entry before each write: an unchanged value was `kept`, a missing one is `new`,
 * a different one was `replaced` — the one case where the next backup fails until the admin pastes
 * the new lines, which the screen has to say loudly.
 */
import type { SecretStore } from '../engine/secrets/secret-store.js';
import { serverSetup } from '../engine/server-setup/index.js';
import type { ServerPasswordDto, ServerSetupDto } from '../shared/ipc-contract.js';
import type { Lang } from '../shared/messages/define.js';
import { messageToDto } from './dto-mapping.js';

export interface ServerSnippetsRequest {
  allow?: string | undefined;
  reusePasswords: boolean;
  /** The language of the comments inside the snippets (the admin's). */
  language?: Lang;
}

export async function serverSnippets(deps: { home: string; secrets: SecretStore }, jobId: string, req: ServerSnippetsRequest): Promise<ServerSetupDto> {
  const changes = new Map<string, ServerPasswordDto['change']>();
  const watching: SecretStore = {
    get: (ref) => deps.secrets.get(ref),
    delete: (ref) => deps.secrets.delete(ref),
    async set(ref, value) {
      const before = await deps.secrets.get(ref);
      await deps.secrets.set(ref, value);
      changes.set(ref, before === null ? 'new' : before === value ? 'kept' : 'replaced');
    },
  };
  const report = await serverSetup({ home: deps.home, secrets: watching }, jobId, {
    reusePasswords: req.reusePasswords,
    ...(req.allow === undefined ? {} : { allowFrom: req.allow }),
    ...(req.language === undefined ? {} : { language: req.language }),
  });
  return {
    jobId: report.jobId,
    snippets: report.snippets.map((s) => ({ ...s, title: messageToDto(s.title), where: messageToDto(s.where), for: { ...s.for }, then: [...s.then], notes: s.notes.map(messageToDto) })),
    passwords: report.passwordsStored.map((p) => ({ ref: p.ref, for: messageToDto(p.for), change: changes.get(p.ref) ?? 'kept' })),
    configChanges: report.configChanges.map(messageToDto),
  };
}
