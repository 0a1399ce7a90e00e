/** Off-site copies: what the run, the CLI and the restore engine import. */
export { pushOffsiteCopies, offsiteAlerts, OFFSITE_NOTIFY_AFTER, type OffsiteRunRecord, type PushOffsiteInput, type PushOffsiteResult } from './push-offsite.js';
export { readOffsiteState, offsiteStatePath, type OffsiteState, type OffsiteTargetState, type OffsiteCopyState, type OffsiteCopyStatus } from './offsite-state.js';
export { listRemoteSnapshots, fetchRemoteSnapshot, type RemoteReadDeps, type RemoteSnapshotRef } from './remote-snapshots.js';
export { isRemoteAddress, describeTarget } from './remote-location.js';
export { withNetworkRetry, DEFAULT_PUSH_RETRY_DELAYS_MS } from './network-retry.js';
