/**
 * Finds the external programs Kura drives. Order: an explicit override from Settings, the tools
 * bundled with the app (cwRsync on Windows, under resources/bin/<platform>/), well-known install
 * folders (where installers put them but PATH often lacks them), then PATH.
 */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export type ToolName = 'rsync' | 'ssh' | 'mysqldump' | 'mariadb-dump' | 'mysql' | 'mariadb';

export interface ToolResolver {
  /** Absolute path of the program, or null when it cannot be found. */
  resolve(name: ToolName): Promise<string | null>;
}

export interface ToolResolverOptions {
  overrides?: Partial<Record<ToolName, string>>;
  /** Folders searched before PATH, e.g. the packaged app's resources/bin/<platform>. */
  bundledDirs?: readonly string[];
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

export function knownInstallDirs(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  switch (platform) {
    case 'win32': {
      const pf = env['ProgramFiles'] ?? 'C:\\Program Files';
      const pf86 = env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)';
      return [
        join(pf, 'cwRsync', 'bin'),
        join(pf86, 'cwRsync', 'bin'),
        'C:\\cwRsync\\bin',
        join(pf, 'MariaDB 11.4', 'bin'),
        join(pf, 'MariaDB 10.11', 'bin'),
        join(pf, 'MySQL', 'MySQL Server 8.4', 'bin'),
        join(pf, 'MySQL', 'MySQL Server 8.0', 'bin'),
      ];
    }
    case 'darwin':
      return ['/opt/homebrew/bin', '/usr/local/bin', '/opt/homebrew/opt/mysql-client/bin', '/usr/local/opt/mysql-client/bin', '/usr/local/mysql/bin'];
    default:
      // Linux: the distribution's packages put everything on PATH.
      return [];
  }
}

export function createToolResolver(options: ToolResolverOptions = {}): ToolResolver {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const cache = new Map<ToolName, string | null>();
  return {
    async resolve(name) {
      if (cache.has(name)) return cache.get(name)!;
      const override = options.overrides?.[name];
      let found: string | null = null;
      if (override) {
        found = (await isExecutable(override)) ? override : null;
      } else {
        const pathDirs = (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
        const dirs = [...(options.bundledDirs ?? []), ...knownInstallDirs(platform, env), ...pathDirs];
        const exe = platform === 'win32' ? `${name}.exe` : name;
        for (const dir of dirs) {
          const candidate = join(dir, exe);
          if (await isExecutable(candidate)) {
            found = candidate;
            break;
          }
        }
      }
      cache.set(name, found);
      return found;
    },
  };
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
