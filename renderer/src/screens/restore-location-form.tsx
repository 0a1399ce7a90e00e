/**
 * "Open a backup location…" for an off-site copy: an rsync/SSH address or a bucket (s3://…), with
 * what it takes to read it — on a new PC there is no config to borrow from, so the recovery kit's
 * endpoint, keys and passphrase are typed here. Secrets go to the keychain under one-off entries
 * (`kura-open-location-…`, replaced each time) and only their names travel with the request.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../components/error-box.js';
import { Field } from '../components/field.js';
import type { ErrorDto } from '../lib/contract.js';
import { call } from '../lib/api.js';
import { useSay } from '../lib/messages.js';
import { isOffsiteAddress, useRestoreStore, type LocationAccess } from '../stores/restore-store.js';

const REFS = { secret: 'kura-open-location-s3', passphrase: 'kura-open-location-passphrase', password: 'kura-open-location-password' };

export function RestoreLocationForm() {
  const { t } = useTranslation();
  const { say } = useSay();
  const chooseSource = useRestoreStore((s) => s.chooseSource);
  const [address, setAddress] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [region, setRegion] = useState('');
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [password, setPassword] = useState('');
  const [pathStyle, setPathStyle] = useState(true);
  const [error, setError] = useState<ErrorDto | null>(null);
  const isS3 = /^s3:\/\//i.test(address.trim());
  const isRsync = !isS3 && isOffsiteAddress(address);

  const store = async (ref: string, value: string): Promise<boolean> => {
    if (!value) return true;
    const r = await call('secrets.set', ref, value);
    if (!r.ok) setError(r.error);
    return r.ok;
  };

  const open = async () => {
    setError(null);
    const access: LocationAccess = {};
    if (isS3) {
      if (!(await store(REFS.secret, secret)) || !(await store(REFS.passphrase, passphrase))) return;
      access.s3 = {
        ...(endpoint.trim() ? { endpoint: endpoint.trim() } : {}),
        ...(region.trim() ? { region: region.trim() } : {}),
        pathStyle,
        ...(accessKeyId.trim() ? { accessKeyId: accessKeyId.trim() } : {}),
        ...(secret ? { secretRef: REFS.secret } : {}),
        ...(passphrase ? { passphraseRef: REFS.passphrase } : {}),
      };
    } else if (isRsync && password) {
      if (!(await store(REFS.password, password))) return;
      access.passwordRef = REFS.password;
    }
    setSecret('');
    setPassphrase('');
    setPassword('');
    void chooseSource({ kind: 'folder', path: address.trim(), access });
  };

  return (
    <form
      className="location-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (address.trim()) void open();
      }}
    >
      <Field label={say('offsite-ui-open-address', {})} value={address} onChange={setAddress} autoComplete="off" />
      {isS3 ? (
        <div className="grid2">
          <Field label={say('offsite-ui-endpoint', {})} value={endpoint} onChange={setEndpoint} help={say('offsite-ui-endpoint-help', {})} autoComplete="off" />
          <Field label={say('offsite-ui-region', {})} value={region} onChange={setRegion} autoComplete="off" />
          <Field label={say('offsite-ui-access-key', {})} value={accessKeyId} onChange={setAccessKeyId} autoComplete="off" />
          <Field label={say('offsite-ui-secret-key', {})} type="password" autoComplete="off" value={secret} onChange={setSecret} />
          <Field label={say('offsite-ui-passphrase', {})} type="password" autoComplete="off" value={passphrase} onChange={setPassphrase} />
          <label className="check">
            <input type="checkbox" checked={pathStyle} onChange={(e) => setPathStyle(e.target.checked)} />
            {say('offsite-ui-path-style', {})}
          </label>
        </div>
      ) : null}
      {isRsync ? <Field label={t('wizard.common.password')} type="password" autoComplete="off" value={password} onChange={setPassword} /> : null}
      {error ? <ErrorBox error={error} title={t('wizard.passwordError')} /> : null}
      <button type="submit" disabled={!address.trim()}>
        {say('offsite-ui-open', {})}
      </button>
    </form>
  );
}
