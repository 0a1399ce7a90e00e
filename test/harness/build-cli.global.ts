/**
 * vitest global setup: the tests run the real `kura` (bin/kura.js → out/cli), so out/cli is rebuilt
 * first whenever a source is newer than it (≈ 0.2 s; nothing when it is up to date).
 */
import { buildCli } from '../../scripts/build-cli.mjs';

export default async function setup(): Promise<void> {
  await buildCli({ quiet: true, ifStale: true });
}
