/**
 * Finds the external programs Kura drives. Order: an explicit override from Settings, the tools
 * bundled with the app (cwRsync on Windows, under resources/bin/<platform>/), well-known install
 * folders (where installers put them but PATH often lacks them), then PATH.
 */
import { readdirSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { ToolName } from '../../shared/tool-names.js';

export type { ToolName } from '../../shared/tool-names.js';

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
      // Any installed MariaDB or MySQL Server version, newest first (their installers use one
      // folder per version: "MariaDB 11.4", "MySQL\MySQL Server 8.4"), in both Program Files.
      const versions = (dir: string, prefix: string): string[] =>
        listDir(dir)
          .filter((name) => name.toLowerCase().startsWith(prefix.toLowerCase()))
          .sort((a, b) => versionOf(b) - versionOf(a) || b.localeCompare(a))
          .map((name) => join(dir, name, 'bin'));
      return [
        join(pf, 'cwRsync', 'bin'),
        join(pf86, 'cwRsync', 'bin'),
        'C:\\cwRsync\\bin',
        ...[pf, pf86].flatMap((root) => [...versions(root, 'MariaDB '), ...versions(join(root, 'MySQL'), 'MySQL Server ')]),
      ];
    }
    case 'darwin':
      return ['/opt/homebrew/bin', '/usr/local/bin', '/opt/homebrew/opt/mysql-client/bin', '/usr/local/opt/mysql-client/bin', '/usr/local/mysql/bin'];
    default:
      // Linux: the distribution's packages put everything on PATH.
      return [];
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** "MariaDB 11.4" → 11004, "MySQL Server 8.0" → 8000: for sorting newest first. */
function versionOf(folder: string): number {
  const m = /(\d+)\.(\d+)/.exec(folder);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : 0;
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
