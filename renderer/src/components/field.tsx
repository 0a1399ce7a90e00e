/**
 * A labelled text input with its error underneath. The error is linked with aria-describedby and
 * marks the input invalid, so it is read out with the field and not only seen in red.
 */
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange(value: string): void;
  /** An i18n key, shown until the field is fixed. */
  error?: string | undefined;
  /** The same, already a sentence (a catalogue message rendered by the caller). */
  errorMessage?: string | undefined;
  help?: ReactNode;
  after?: ReactNode;
}

export function Field({ label, value, onChange, error: errorKey, errorMessage, help, after, ...rest }: FieldProps) {
  const { t } = useTranslation();
  const error = errorMessage ?? (errorKey ? t(errorKey) : undefined);
  const id = useId();
  const errId = `${id}-err`;
  const helpId = `${id}-help`;
  const describedBy = [error ? errId : null, help ? helpId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-row">
        <input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...rest}
        />
        {after}
      </div>
      {help ? (
        <p id={helpId} className="help">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={errId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
