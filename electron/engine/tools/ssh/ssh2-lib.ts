/**
 * The `ssh2` library (CommonJS) as ES-module bindings: Node's ESM loader cannot see its named
 * exports, so they are taken from the default export here, once, for the whole engine.
 */
import ssh2 from 'ssh2';

export const { Client, utils } = ssh2;
export type { ClientChannel, ConnectConfig } from 'ssh2';
export type Client = InstanceType<typeof ssh2.Client>;
