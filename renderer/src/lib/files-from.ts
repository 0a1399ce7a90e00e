/**
 * Turns the wizard's website-files fields into the `from` string the engine's config takes, and
 * back again when a job is edited. The engine parses and validates `from` itself
 * (electron/engine/config/files-location.ts); this side only needs the common spellings.
 */

export type FilesKind = 'daemon' | 'ssh' | 'local';

export interface FilesFields {
  kind: FilesKind;
  host: string;
  /** rsync daemon port; '' for the default 873. */
  port: string;
  module: string;
  /** Folder inside the module (daemon) or on the server (SSH). */
  path: string;
  user: string;
  localPath: string;
}

export const emptyFilesFields: FilesFields = { kind: 'daemon', host: '', port: '', module: '', path: '', user: '', localPath: '' };

/** The `from` for the fields, e.g. `rsync://backup@shop.example.com/www/`. */
export function composeFrom(f: FilesFields): string {
  switch (f.kind) {
    case 'daemon': {
      const user = f.user.trim() ? `${f.user.trim()}@` : '';
      const port = f.port.trim() ? `:${f.port.trim()}` : '';
      const sub = f.path.trim().replace(/^\/+/, '');
      return `rsync://${user}${f.host.trim()}${port}/${f.module.trim()}/${sub}`;
    }
    case 'ssh': {
      const user = f.user.trim() ? `${f.user.trim()}@` : '';
      return `${user}${f.host.trim()}:${f.path.trim()}`;
    }
    case 'local':
      return f.localPath.trim();
    default: {
      const never: never = f.kind;
      return never;
    }
  }
}

/** Best-effort reading of an existing `from` back into fields (unknown shapes become a local path). */
export function parseFrom(from: string): FilesFields {
  const s = from.trim();
  if (/^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\') || s.startsWith('/')) return { ...emptyFilesFields, kind: 'local', localPath: s };
  const url = /^rsync:\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/([^/]+)(?:\/(.*))?$/i.exec(s);
  if (url) return { ...emptyFilesFields, kind: 'daemon', user: url[1] ?? '', host: url[2] ?? '', port: url[3] ?? '', module: url[4] ?? '', path: url[5] ?? '' };
  const dbl = /^(?:([^@]+)@)?([^:@]+)::([^/]*)(?:\/(.*))?$/.exec(s);
  if (dbl) return { ...emptyFilesFields, kind: 'daemon', user: dbl[1] ?? '', host: dbl[2] ?? '', module: dbl[3] ?? '', path: dbl[4] ?? '' };
  const ssh = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:@]+):(.*)$/.exec(s);
  if (ssh) return { ...emptyFilesFields, kind: 'ssh', user: ssh[1] ?? '', host: ssh[2] ?? '', path: ssh[3] ?? '' };
  return { ...emptyFilesFields, kind: 'local', localPath: s };
}
