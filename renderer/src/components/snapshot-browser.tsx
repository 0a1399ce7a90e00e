/**
 * The restore wizard's file browser: the folders and files of one files item in the chosen snapshot,
 * one folder at a time (restore.browse, read from the snapshot's file list), with sizes and dates in
 * the job's time zone. Choosing a folder or a file fills "Only this folder", so the path the restore
 * uses is one that is in the backup, not one typed from memory at the worst moment.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../lib/api.js';
import type { ErrorDto, MethodArgs, MethodResult } from '../lib/contract.js';
import { formatBytes } from '../lib/format.js';
import type { JobTime } from '../lib/job-time.js';
import { ErrorBox } from './error-box.js';
import { Loading } from './loading.js';

type BrowseRequest = MethodArgs<'restore.browse'>[0];
type Listing = MethodResult<'restore.browse'>;
type State = { kind: 'loading' } | { kind: 'ready'; listing: Listing } | { kind: 'error'; error: ErrorDto };

export function SnapshotBrowser({ request, start, times, onPick, onClose }: { request: BrowseRequest; start: string; times: JobTime; onPick: (path: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [folder, setFolder] = useState(start);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);
  const requestKey = JSON.stringify(request);

  const open = useCallback(
    async (path: string) => {
      setState({ kind: 'loading' });
      const r = await call('restore.browse', JSON.parse(requestKey) as BrowseRequest, path);
      if (r.ok) {
        setFolder(r.value.folder);
        setState({ kind: 'ready', listing: r.value });
      } else setState({ kind: 'error', error: r.error });
    },
    [requestKey],
  );
  // When the browser opens or the snapshot changes; later folders are opened by the buttons.
  useEffect(() => {
    void open(start);
  }, [open, start]);
  useEffect(() => heading.current?.focus(), []);

  const parts = folder === '' ? [] : folder.split('/');
  const join = (name: string) => (folder === '' ? name : `${folder}/${name}`);
  return (
    <section className="snapshot-browser" aria-labelledby="snapshot-browser-title">
      <h4 id="snapshot-browser-title" tabIndex={-1} ref={heading}>
        {t('restore.browseTitle')}
      </h4>
      <nav className="crumbs" aria-label={t('restore.browseTitle')}>
        <button type="button" className="link" onClick={() => void open('')}>
          {t('restore.browseTop')}
        </button>
        {parts.map((p, i) => (
          <span key={i}>
            {' / '}
            <button type="button" className="link" onClick={() => void open(parts.slice(0, i + 1).join('/'))}>
              {p}
            </button>
          </span>
        ))}
      </nav>
      {state.kind === 'loading' ? <Loading /> : null}
      {state.kind === 'error' ? <ErrorBox error={state.error} title={t('restore.browseError')} /> : null}
      {state.kind === 'ready' && state.listing.entries.length === 0 ? <p className="empty">{t('restore.browseEmpty')}</p> : null}
      {state.kind === 'ready' && state.listing.entries.length > 0 ? (
        <table className="browse-table">
          <thead>
            <tr>
              <th scope="col">{t('restore.browseName')}</th>
              <th scope="col">{t('restore.browseSize')}</th>
              <th scope="col">{t('restore.browseModified')}</th>
              <th scope="col">
                <span className="sr-only">{t('restore.browseChoose')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.listing.entries.map((e) => (
              <tr key={e.name} data-kind={e.kind}>
                <td>
                  {e.kind === 'folder' ? (
                    <button type="button" className="link" onClick={() => void open(join(e.name))}>
                      {e.name}/
                    </button>
                  ) : (
                    <span>
                      {e.name}
                      {e.kind === 'link' ? <span className="muted"> ({t('restore.browseLink')})</span> : null}
                    </span>
                  )}
                </td>
                <td className="num">
                  {formatBytes(e.bytes)}
                  {e.kind === 'folder' ? <span className="muted block small">{t('restore.browseFiles', { count: e.files })}</span> : null}
                </td>
                <td>{times.time(new Date(e.mtimeMs).toISOString())}</td>
                <td>
                  <button type="button" className="small" onClick={() => onPick(join(e.name))}>
                    {t('restore.browseChoose')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="wizard-nav">
        <button type="button" onClick={onClose}>
          {t('restore.browseClose')}
        </button>
        {folder !== '' && state.kind === 'ready' ? (
          <button type="button" className="primary" onClick={() => onPick(folder)}>
            {t('restore.browseChooseFolder')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
