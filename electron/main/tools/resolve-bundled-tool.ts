/**
 * The app's tool resolver: the engine's createToolResolver with the tools shipped inside the app as
 * its "bundled" folder. Search order, first hit wins:
 *   1. the path set in Settings (even if it is broken: a wrong override is reported, not bypassed);
 *   2. the bundled folder, `<resources>/bin/<mac|linux>`, `<resources>/bin/win/bin` (cwRsync on Windows);
 *   3. well-known install folders (Program Files\cwRsync, Homebrew, MySQL's own folders);
 *   4. PATH.
 * Bundled comes before the system's copies so a Windows install behaves the same on every machine,
 * whatever older rsync some other program left on PATH.
 */
import { bundledToolDirsIn } from '../../engine/tools/bundled-tools.js';
import { createToolResolver, type ToolName, type ToolResolver } from '../../engine/tools/resolve-tool.js';
import { resourcesDir, type AppLocation } from './resources-dir.js';

export interface BundledToolLocation extends AppLocation {
  platform: NodeJS.Platform;
}

export interface BundledToolResolverOptions extends BundledToolLocation {
  /** Paths set by the user in Settings. */
  overrides?: Partial<Record<ToolName, string>>;
  env?: NodeJS.ProcessEnv;
}

/** The folders holding tools shipped with the app, for this platform. */
export function bundledToolDirs(location: BundledToolLocation): string[] {
  return bundledToolDirsIn(resourcesDir(location), location.platform);
}

export function createBundledToolResolver(options: BundledToolResolverOptions): ToolResolver {
  return createToolResolver({
    bundledDirs: bundledToolDirs(options),
    platform: options.platform,
    ...(options.overrides ? { overrides: options.overrides } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
}
