/** Step 1: the job's name and where its snapshots go, with the free space there. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { formatBytes } from '../../lib/format.js';
import { useMode } from '../../stores/app-store.js';
import { sameFolder, useWizardStore } from '../../stores/wizard-store.js';
import { useWords } from '../../lib/words.js';


export function StepBasics() {
  const { t } = useTranslation();
  const mode = useMode();
  const name = useWizardStore((s) => s.name);
  const destination = useWizardStore((s) => s.destination);
  const errors = useWizardStore((s) => s.errors);
  const freeSpace = useWizardStore((s) => s.freeSpace);
  const createDestination = useWizardStore((s) => s.createDestination);
  const setBasics = useWizardStore((s) => s.setBasics);
  const browse = useWizardStore((s) => s.browse);
  const checkFreeSpace = useWizardStore((s) => s.checkFreeSpace);
  const savedDestination = useWizardStore((s) => s.savedDestination);
  const keepEarlier = useWizardStore((s) => s.keepEarlier);
  const w = useWords();
  // Editing, to another folder: the snapshots made so far stay where they are.
  const moved = savedDestination !== null && destination.trim() !== '' && !sameFolder(destination, savedDestination);

  useEffect(() => {
    const timer = setTimeout(() => void checkFreeSpace(), 400);
    return () => clearTimeout(timer);
  }, [destination, checkFreeSpace]);

  return (
    <>
      <Field label={t('wizard.basics.name')} value={name} onChange={(v) => setBasics({ name: v })} error={errors['name']} help={t('wizard.basics.nameHelp')} />
      <Field
        label={t('wizard.basics.destination')}
        value={destination}
        onChange={(v) => setBasics({ destination: v })}
        error={errors['destination']}
        help={t('wizard.basics.destinationHelp')}
        after={
          mode === 'electron' ? (
            <button type="button" onClick={() => void browse('destination', t('wizard.basics.chooseFolder'))}>
              {t('common.browse')}
            </button>
          ) : null
        }
      />
      {freeSpace.kind === 'ready' ? (
        <p className="muted" role="status">
          {t('wizard.basics.freeSpace', { free: formatBytes(freeSpace.value.freeBytes), total: formatBytes(freeSpace.value.totalBytes) })}
        </p>
      ) : null}
      {freeSpace.kind === 'ready' && !freeSpace.value.exists ? (
        <div className="warn-box" role="note">
          <p>{t('wizard.basics.missing')}</p>
          <label className="check">
            <input type="checkbox" checked={createDestination} onChange={(e) => setBasics({ createDestination: e.target.checked })} />
            {t('wizard.basics.create')}
          </label>
        </div>
      ) : null}
      {moved ? (
        <div className="warn-box" role="note">
          <p>{w(keepEarlier ? 'ui-destination-changed-kept' : 'ui-destination-changed', { old: savedDestination!, new: destination.trim() })}</p>
          <label className="check">
            <input type="checkbox" checked={keepEarlier} onChange={(e) => setBasics({ keepEarlier: e.target.checked })} />
            {w('ui-destination-keep-earlier', { old: savedDestination! })}
          </label>
        </div>
      ) : null}
      {freeSpace.kind === 'error' ? <ErrorBox error={freeSpace.error} title={t('wizard.basics.freeSpaceError')} /> : null}
    </>
  );
}
