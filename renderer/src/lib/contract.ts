/**
 * The contract's types, for the renderer. The one place (with api.ts) where the renderer reaches
 * into electron/shared: the renderer's eslint rule bans any import path with an `electron`
 * segment to keep Electron itself out, which also catches the browser-safe shared folder. Types
 * only: nothing here ends up in the bundle.
 */
export type * from '../../../electron/shared/ipc-contract.js';
// The one value shared with the engine: which programs a path can be set for in Settings.
export { TOOL_NAMES } from '../../../electron/shared/tool-names.js';
