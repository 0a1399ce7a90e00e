/**
 * The window: a side navigation and the current screen. Event subscriptions live here, once, for
 * the app's lifetime, so no screen misses an event that arrives while another is showing.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from './components/error-box.js';
import { useAppStore, type Screen } from './stores/app-store.js';
import { useRestoreStore } from './stores/restore-store.js';
import { useRunsStore } from './stores/runs-store.js';
import { useSettingsStore } from './stores/settings-store.js';
import { useStatusStore } from './stores/status-store.js';
import { Dashboard } from './screens/dashboard.js';
import { RestoreWizard } from './screens/restore-wizard.js';
import { RunLog } from './screens/run-log.js';
import { ServerSetup } from './screens/server-setup.js';
import { Settings } from './screens/settings.js';
import { SetupWizard } from './screens/setup/setup-wizard.js';

const navItems: Array<{ name: 'dashboard' | 'runs' | 'restore' | 'settings' }> = [
  { name: 'dashboard' },
  { name: 'runs' },
  { name: 'restore' },
  { name: 'settings' },
];

function ScreenView({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'dashboard':
      return <Dashboard />;
    case 'runs':
      return <RunLog jobId={screen.jobId} />;
    case 'restore':
      return <RestoreWizard jobId={screen.jobId} />;
    case 'settings':
      return <Settings />;
    case 'setup':
      return <SetupWizard jobId={screen.jobId} />;
    case 'server-setup':
      return <ServerSetup jobId={screen.jobId} />;
    default: {
      const never: never = screen;
      return never;
    }
  }
}

export function App() {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.screen);
  const info = useAppStore((s) => s.info);
  const navigate = useAppStore((s) => s.navigate);

  useEffect(() => {
    const offs = [
      useAppStore.getState().listen(),
      useStatusStore.getState().listen(),
      useRunsStore.getState().listen(),
      useRestoreStore.getState().listen(),
    ];
    void useAppStore
      .getState()
      .loadInfo()
      .then(() => useSettingsStore.getState().load());
    return () => offs.forEach((off) => off());
  }, []);

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <nav className="sidebar" aria-label={t('app.navLabel')}>
        <div className="brand" aria-hidden="true">
          <span className="brand-mark">蔵</span> Kura
        </div>
        <ul>
          {navItems.map((item) => {
            const current = screen.name === item.name || (item.name === 'dashboard' && (screen.name === 'setup' || screen.name === 'server-setup'));
            return (
              <li key={item.name}>
                <button
                  type="button"
                  className={current ? 'nav current' : 'nav'}
                  aria-current={current ? 'page' : undefined}
                  onClick={() => {
                    if (item.name === 'restore' && screen.name !== 'restore') useRestoreStore.getState().reset();
                    navigate({ name: item.name });
                  }}
                >
                  {t(`nav.${item.name}`)}
                </button>
              </li>
            );
          })}
        </ul>
        {info.kind === 'ready' ? <p className="version muted">{t('app.version', { version: info.value.version })}</p> : null}
      </nav>
      <main id="main" tabIndex={-1}>
        {info.kind === 'error' ? <ErrorBox error={info.error} title={t('app.connectError')} /> : null}
        <ScreenView screen={screen} />
      </main>
    </div>
  );
}
