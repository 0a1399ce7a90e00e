/**
 * The small field schemas every contract argument is built from (ids, keychain entries, snapshot
 * ids, paths, hosts, ports). One definition for the contract and for the restore request the engine
 * keeps in its restore journal (restore-request.ts), so both accept exactly the same values.
 *
 * zod only: imported by Node code and by the browser bundle.
 */
import { z } from 'zod';

export const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
export const secretRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/);
export const snapshotRef = z.union([z.literal('latest'), z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/)]);
export const path = z.string().min(1).max(4096);
export const host = z.string().min(1).max(255);
/** A host name, an IPv4 address or an IPv6 address (bare or in brackets): what the config accepts and the wizard checks as it is typed. */
export const HOST_PATTERN = /^(?:\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]+:[0-9A-Fa-f:.]*|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/;
export const port = z.number().int().min(1).max(65535);
