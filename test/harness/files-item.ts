/** A files item for a hand-made manifest, from a list buildFileList wrote (what a run records for it). */
import type { BuiltList } from '../../electron/engine/snapshot/file-list-build.js';
import { fileListPath } from '../../electron/engine/snapshot/file-list.js';
import type { FilesManifestItem } from '../../electron/engine/snapshot/manifest.js';

export function filesItemOf(source: string, built: BuiltList): FilesManifestItem {
  const path = `files/${source}`;
  return {
    source,
    type: 'files',
    path,
    from: `/srv/${source}`,
    files: built.files,
    bytes: built.bytes,
    durationMs: 1,
    warnings: [],
    list: { path: fileListPath(path), sha256: built.sha256, entries: built.entries },
    torn: [],
  };
}
