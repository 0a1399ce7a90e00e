#!/usr/bin/env node
// The `kura` command: the engine's CLI, run from the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
