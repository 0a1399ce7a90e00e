/**
 * The contract's sources.*, ssh.* and setup.* methods: the wizard's "Test connection" for each kind
 * of source (bounded and cancellable), trusting and testing an SSH server, the job's SSH key, and
 * what to paste on the servers.
 */
import { serverSnippets } from './server-snippets.js';
import type { MethodGroup, ServiceContext, ServiceParts } from './service-context.js';
import { testFiles, testMysql, testRedis } from './source-tests.js';
import { generateSshKey, sshHostKey, sshTest, sshTrust } from './ssh-setup.js';

type SourceMethod = 'sources.testFiles' | 'sources.testMysql' | 'sources.testRedis' | 'sources.cancelTest' | 'ssh.hostKey' | 'ssh.trust' | 'ssh.test' | 'ssh.generateKey' | 'setup.serverSnippets';

export function sourceMethods(ctx: ServiceContext, parts: ServiceParts): MethodGroup<SourceMethod> {
  const { home, secrets } = ctx;
  const { scheduler } = parts;
  return {
    'sources.testFiles': async (input, h) => parts.tests.run(h?.testId, (signal) => testFiles({ tools: async () => (await ctx.engine()).tools(), secrets, home, signal }, input)),
    'sources.testMysql': async (input, h) => parts.tests.run(h?.testId, (signal) => testMysql({ tools: async () => (await ctx.engine()).tools(), secrets, home, signal }, input)),
    'sources.testRedis': async (input, h) => parts.tests.run(h?.testId, (signal) => testRedis({ tools: async () => (await ctx.engine()).tools(), secrets, home, signal }, input)),
    'sources.cancelTest': async (testId) => parts.tests.cancel(testId),
    'ssh.hostKey': async (input, h) => parts.tests.run(h?.testId, (signal) => sshHostKey({ home, secrets, signal }, input)),
    'ssh.trust': async (input) => sshTrust({ home, secrets }, input),
    'ssh.test': async (input, h) => parts.tests.run(h?.testId, (signal) => sshTest({ home, secrets, signal }, input)),
    'ssh.generateKey': async (jobId) => generateSshKey({ home, secrets }, jobId),
    'setup.serverSnippets': async (jobId, req) => {
      // serverSetup may name keychain entries in config.json: serialized with the other config edits.
      const dto = await ctx.editConfig(async () => serverSnippets({ home, secrets }, jobId, { ...req, language: ctx.language() }));
      if (dto.configChanges.length > 0) await scheduler.reload();
      return dto;
    },
  };
}
