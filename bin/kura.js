#!/usr/bin/env node
// The `kura` command: runs the built CLI (out/cli/kura.js; `npm run build:cli` makes it).
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`Kura needs Node.js 20.19 or newer; this is ${process.version}. Install a current Node.js LTS (20, 22 or 24).\n`);
  process.exit(2);
}
const built = new URL('../out/cli/kura.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('The kura command is not built yet. In the project folder, run: npm run build:cli (npm run build builds it with the app).\n');
  process.exit(2);
}
await import(built.href);
