/**
 * Renders a screen against a fake bridge with every store back at its first state, in the chosen
 * language. Stores are module singletons, so without the reset one test's data would leak into the
 * next.
 */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { Language } from '../../electron/shared/ipc-contract.js';
import { setLanguage } from '../../renderer/src/i18n/index.js';
import { setBridge } from '../../renderer/src/lib/api.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { useJobsStore } from '../../renderer/src/stores/jobs-store.js';
import { useRestoreStore } from '../../renderer/src/stores/restore-store.js';
import { useRunsStore } from '../../renderer/src/stores/runs-store.js';
import { useServerSetupStore } from '../../renderer/src/stores/server-setup-store.js';
import { useSettingsStore } from '../../renderer/src/stores/settings-store.js';
import { useStatusStore } from '../../renderer/src/stores/status-store.js';
import { useWizardStore } from '../../renderer/src/stores/wizard-store.js';
import { useAlertsStore } from '../../renderer/src/stores/alerts-store.js';
import type { FakeBridge } from './fake-bridge.js';

const stores = [useAppStore, useJobsStore, useRestoreStore, useRunsStore, useServerSetupStore, useSettingsStore, useStatusStore, useWizardStore, useAlertsStore] as const;
const initial = stores.map((s) => s.getState());

export function resetStores(): void {
  stores.forEach((s, i) => (s as { setState(v: unknown, replace: true): void }).setState(initial[i], true));
}

export async function renderWith(ui: ReactElement, bridge: FakeBridge, lang: Language = 'en') {
  resetStores();
  setBridge(bridge);
  await setLanguage(lang);
  return render(ui);
}
