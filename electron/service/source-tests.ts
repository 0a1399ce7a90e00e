/**
 * The setup wizard's "Test connection" buttons, on the same tool functions a backup uses, so a
 * green test means the night's run can connect with exactly these settings. Passwords come from
 * the keychain by reference: the wizard stores the password first (`secrets.set`), then tests.
 */
import { nestedMessage } from '../shared/messages/index.js';
import { parseFilesLocation } from '../engine/config/files-location.js';
import { hostSchema } from '../engine/config/schema.js';
import { KuraError } from '../engine/errors.js';
import { TEST_ANSWER_SECONDS, TEST_CONNECT_SECONDS } from '../engine/tools/answer-timeouts.js';
import type { SecretStore } from '../engine/secrets/secret-store.js';
import { checkDumpPrivileges, detectMysqlClient, listDatabases, querySql } from '../engine/tools/mysql/index.js';
import { redisInfo } from '../engine/tools/redis/index.js';
import type { ToolResolver } from '../engine/tools/resolve-tool.js';
import { detectRsync, listTopLevel } from '../engine/tools/rsync/index.js';
import { hasControlChar } from '../engine/util/text.js';
import type { FilesTestDto, MysqlTestDto, RedisTestDto, SshConnectionDto } from '../shared/ipc-contract.js';
import { ServerLink } from '../engine/jobs/server-link.js';

export interface SourceTestDeps {
  tools: () => Promise<ToolResolver>;
  secrets: SecretStore;
  signal?: AbortSignal;
  /** $KURA_HOME: known hosts for tests through SSH. */
  home: string;
}

/** A test through the job's SSH connection (`via: 'ssh'` + the connection the wizard has). */
interface ViaSsh {
  via?: 'ssh';
  ssh?: SshConnectionDto;
}

/** How this test reaches the server: directly, or through the wizard's SSH settings (closed afterwards). */
async function withLink<T>(deps: SourceTestDeps, input: ViaSsh, fn: (link: ServerLink) => Promise<T>): Promise<T> {
  if (input.via === 'ssh' && !input.ssh) {
    throw new KuraError({ code: 'ssh-no-connection', params: {}, category: 'config' });
  }
  const link = new ServerLink({
    home: deps.home,
    jobId: 'new',
    ssh: input.ssh,
    secret: (ref) => password(deps.secrets, ref),
    signal: deps.signal,
    connectTimeoutMs: TEST_CONNECT_SECONDS * 1000,
  });
  try {
    return await fn(link);
  } catch (err) {
    throw link.explain(err);
  } finally {
    await link.close();
  }
}

async function password(secrets: SecretStore, ref: string | undefined): Promise<string | null> {
  if (ref === undefined) return null;
  const value = await secrets.get(ref);
  if (value === null) {
    throw new KuraError({ code: 'secret-missing~test', params: { ref }, category: 'auth' });
  }
  return value;
}

function checkHost(host: string): void {
  if (!hostSchema.safeParse(host).success) {
    throw new KuraError({ code: 'invalid-host', params: { host }, category: 'config' });
  }
}

function checkName(value: string): void {
  if (hasControlChar(value) || value.startsWith('-')) {
    throw new KuraError({ code: 'invalid-name', params: { value: JSON.stringify(value).slice(1, -1) }, category: 'config' });
  }
}

export async function testFiles(
  deps: SourceTestDeps,
  input: { from: string; passwordRef?: string; sshKeyPath?: string; sshPort?: number } & ViaSsh,
): Promise<FilesTestDto> {
  if (input.via === 'ssh') {
    if (!input.from.startsWith('/')) {
      throw new KuraError({ code: 'invalid-location~server-folder', params: { from: input.from }, category: 'config' });
    }
    return withLink(deps, input, async (link) => {
      const client = await detectRsync(await deps.tools());
      const shell = await link.rsyncShell();
      try {
        const location = { kind: 'ssh' as const, user: input.ssh!.user, host: input.ssh!.host, path: input.from };
        const entries = await listTopLevel(location, null, { client, remoteShell: shell, ...(deps.signal ? { signal: deps.signal } : {}) });
        return { entries: entries.map((e) => (e.kind === 'directory' ? `${e.name}/` : e.name)) };
      } finally {
        await shell.release();
      }
    });
  }
  const parsed = parseFilesLocation(input.from);
  if (!parsed.ok) {
    throw new KuraError({ code: 'invalid-location', params: { problem: nestedMessage(parsed.problem) }, category: 'config' });
  }
  if (input.sshKeyPath !== undefined && hasControlChar(input.sshKeyPath)) {
    throw new KuraError({ code: 'invalid-path', params: {}, category: 'config' });
  }
  const client = await detectRsync(await deps.tools());
  // Only the rsync daemon takes a password; SSH logs in with its key, a local folder needs none.
  const pw = parsed.location.kind === 'daemon' ? await password(deps.secrets, input.passwordRef) : null;
  const entries = await listTopLevel(parsed.location, pw, {
    client,
    ...(input.sshKeyPath !== undefined ? { sshKeyPath: input.sshKeyPath } : {}),
    ...(input.sshPort !== undefined ? { sshPort: input.sshPort } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  // Folders end in "/" so the wizard can tell `images/` from a file named `images`.
  return { entries: entries.map((e) => (e.kind === 'directory' ? `${e.name}/` : e.name)) };
}

export async function testMysql(
  deps: SourceTestDeps,
  input: { host: string; port: number; user: string; passwordRef?: string; databases: string[] } & ViaSsh,
): Promise<MysqlTestDto> {
  checkHost(input.host);
  checkName(input.user);
  const client = await detectMysqlClient(await deps.tools());
  const pw = await password(deps.secrets, input.passwordRef);
  return withLink(deps, input, (link) =>
    link.withEndpoint(input, 'MySQL', async (e) => {
      const target = { host: e.host, port: e.port, user: input.user, password: pw, ...(e.shownAs ? { shownAs: e.shownAs } : {}) };
      const version = await querySql(client, target, 'SELECT VERSION();\n', deps.signal ? { signal: deps.signal } : {});
      const databases = await listDatabases(client, target, deps.signal);
      const missing = input.databases.length > 0 ? await checkDumpPrivileges(client, target, input.databases, deps.signal) : [];
      return {
        serverVersion: version[0]?.[0] ?? 'unknown',
        databases,
        missingPrivileges: missing.map((m) => ({ database: m.database, privilege: m.privilege, grant: m.grant })),
      };
    }),
  );
}

export async function testRedis(deps: SourceTestDeps, input: { host: string; port: number; username?: string; passwordRef?: string } & ViaSsh): Promise<RedisTestDto> {
  checkHost(input.host);
  if (input.username !== undefined) checkName(input.username);
  const pw = await password(deps.secrets, input.passwordRef);
  return withLink(deps, input, (link) =>
    link.withEndpoint(input, 'Redis', async (e) => {
      const info = await redisInfo({ host: e.host, port: e.port, username: input.username ?? null, password: pw, ...(e.shownAs ? { shownAs: e.shownAs } : {}) }, deps.signal, undefined, {
        connectTimeoutMs: TEST_CONNECT_SECONDS * 1000,
        replyTimeoutMs: TEST_ANSWER_SECONDS * 1000,
      });
      return { version: info.version, keysPerDb: info.keysPerDb, syncAllowed: info.syncAllowed };
    }),
  );
}
