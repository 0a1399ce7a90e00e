/**
 * A password box that never shows what is stored: once the password is in the keychain the field
 * empties and "Password stored" says so; typing again replaces it.
 */
import { useTranslation } from 'react-i18next';
import type { ErrorDto } from '../lib/contract.js';
import { ErrorBox } from './error-box.js';
import { Field } from './field.js';

export function PasswordField(props: { label: string; value: string; stored: boolean; error: ErrorDto | null; onChange(v: string): void }) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={props.label}
        type="password"
        autoComplete="new-password"
        value={props.value}
        onChange={props.onChange}
        placeholder={props.stored ? t('wizard.passwordStoredPlaceholder') : ''}
        help={props.stored ? <span className="stored">✓ {t('wizard.passwordStored')}</span> : t('wizard.passwordHelp')}
      />
      {props.error ? <ErrorBox error={props.error} title={t('wizard.passwordError')} /> : null}
    </>
  );
}
