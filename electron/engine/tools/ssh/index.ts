/** The SSH module: Kura's own SSH connection (ssh2), its known-hosts file, rsync's transport over it, and its errors. */
export { SshConnection, probeHostKey, type SshConnectOptions, type SshForward, type SshLogin } from './ssh-connection.js';
export { fingerprintOf, hostPattern, keyTypeOf, knownHostsPath, normalizeFingerprint, pinHostKey, pinnedKeys, type HostKey } from './known-hosts.js';
export { defaultProxyProgram, remoteCommandOf, type ProxyProgram, type RsyncTransport } from './rsync-transport.js';
export { sshError, type SshEndpoint, type SshFailure } from './ssh-errors.js';
export { newEd25519KeyPair, type KeyPair, type KeyPairOptions } from './key-pair.js';
