/**
 * What the service needs to restore: the engine's own restore methods — the same door `kura restore`
 * goes through (engine.ts: planRestore, restore, finishRestore, rollBackRestore, dismissRestore).
 * The composition roots (the Electron main process, `kura serve`) pass `'engine'`; tests pass a fake
 * with the same methods, so the service's own rules (ids, events, cancel, busy tracking) are tested
 * without a real restore.
 */
import type { Engine } from '../engine/engine.js';

export type RestorePort = Pick<Engine, 'planRestore' | 'restore' | 'finishRestore' | 'rollBackRestore' | 'dismissRestore'>;
