/**
 * Settings → Alerts: the global alert channels (settings.alerts) as the screen edits them. Secrets
 * (the SMTP password, each webhook's address, the heartbeat address) go to the keychain the moment
 * they are needed — a test or a save — and the fields empty; the screen only ever learns whether one
 * is stored. Field errors are catalogue codes, kept until the field is fixed.
 */
import { create } from 'zustand';
import type { AlertsDto, EmailAlertDto, ErrorDto, WebhookAlertDto } from '../lib/contract.js';
import { call } from '../lib/api.js';
import type { Loadable } from '../lib/loadable.js';
import type { MessageCode } from '../../../electron/shared/messages/index.js';

export const SMTP_REF = 'alerts-smtp';
export const HEARTBEAT_REF = 'alerts-heartbeat';

export interface EmailDraft {
  enabled: boolean;
  host: string;
  port: string;
  security: EmailAlertDto['security'];
  user: string;
  password: string;
  passwordStored: boolean;
  from: string;
  to: string;
  caFile: string;
}

export interface WebhookDraft {
  urlRef: string;
  format: WebhookAlertDto['format'];
  name: string;
  /** What was pasted; emptied once in the keychain. */
  url: string;
  stored: boolean;
}

export type TestState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent' } | { kind: 'error'; error: ErrorDto };
export type ChannelKey = 'email' | 'heartbeat' | `webhook-${number}`;

interface AlertsState {
  loaded: Loadable<true>;
  email: EmailDraft;
  webhooks: WebhookDraft[];
  heartbeat: { url: string; stored: boolean };
  summary: { enabled: boolean; weekday: number; hour: number };
  errors: Record<string, MessageCode>;
  tests: Partial<Record<ChannelKey, TestState>>;
  save: { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; error: ErrorDto };
  load(): Promise<void>;
  editEmail(patch: Partial<EmailDraft>): void;
  addWebhook(): void;
  editWebhook(index: number, patch: Partial<WebhookDraft>): void;
  removeWebhook(index: number): void;
  editHeartbeat(url: string): void;
  editSummary(patch: Partial<AlertsState['summary']>): void;
  test(channel: ChannelKey): Promise<void>;
  saveAll(): Promise<void>;
}

const emptyEmail: EmailDraft = { enabled: false, host: '', port: '587', security: 'starttls', user: '', password: '', passwordStored: false, from: '', to: '', caFile: '' };
const ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+\.[^\s@<>(),;:"\\[\]]+$/;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

const lines = (s: string) => s.split(/[\n,;]/).map((x) => x.trim()).filter(Boolean);

/** Field errors of the draft (catalogue codes). */
export function validateAlerts(s: Pick<AlertsState, 'email' | 'webhooks' | 'heartbeat'>): Record<string, MessageCode> {
  const e: Record<string, MessageCode> = {};
  const m = s.email;
  if (m.enabled) {
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(m.host.trim())) e['email.host'] = 'ui-alerts-err-host';
    const port = Number(m.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) e['email.port'] = 'ui-alerts-err-port';
    if (!ADDRESS.test(m.from.trim())) e['email.from'] = 'ui-alerts-err-address';
    const to = lines(m.to);
    if (to.length === 0) e['email.to'] = 'ui-alerts-err-to';
    else if (!to.every((a) => ADDRESS.test(a))) e['email.to'] = 'ui-alerts-err-address';
    if (m.security === 'none' && (m.password || m.passwordStored) && m.user.trim() && !LOOPBACK.test(m.host.trim())) e['email.security'] = 'ui-alerts-err-plain-password';
  }
  s.webhooks.forEach((w, i) => {
    if (!w.stored || w.url) if (!/^https?:\/\/\S+$/.test(w.url.trim())) e[`webhook.${i}.url`] = 'ui-alerts-err-url';
  });
  if (s.heartbeat.url && !/^https?:\/\/\S+$/.test(s.heartbeat.url.trim())) e['heartbeat.url'] = 'ui-alerts-err-url';
  return e;
}

/** The settings the draft stands for (secrets by reference only). */
export function buildAlerts(s: Pick<AlertsState, 'email' | 'webhooks' | 'heartbeat' | 'summary'>): AlertsDto {
  const m = s.email;
  const out: AlertsDto = {};
  if (m.enabled) {
    out.email = {
      host: m.host.trim(),
      port: Number(m.port),
      security: m.security,
      ...(m.user.trim() ? { user: m.user.trim() } : {}),
      ...(m.passwordStored && m.user.trim() ? { passwordRef: SMTP_REF } : {}),
      from: m.from.trim(),
      to: lines(m.to),
      ...(m.caFile.trim() ? { caFile: m.caFile.trim() } : {}),
    };
    out.weeklySummary = s.summary.enabled ? { weekday: s.summary.weekday, hour: s.summary.hour } : false;
  }
  const hooks = s.webhooks.filter((w) => w.stored).map((w) => ({ urlRef: w.urlRef, format: w.format, ...(w.name.trim() ? { name: w.name.trim() } : {}) }));
  if (hooks.length > 0) out.webhooks = hooks;
  if (s.heartbeat.stored) out.heartbeat = { urlRef: HEARTBEAT_REF };
  return out;
}

const has = async (ref: string) => {
  const r = await call('secrets.has', ref);
  return r.ok && r.value;
};

export const useAlertsStore = create<AlertsState>()((set, get) => {
  const revalidate = () => {
    if (Object.keys(get().errors).length > 0) set({ errors: validateAlerts(get()) });
  };

  /** Typed secrets into the keychain; false (with the error shown) when that failed. */
  const storeSecrets = async (): Promise<ErrorDto | null> => {
    const s = get();
    if (s.email.enabled && s.email.password) {
      const r = await call('secrets.set', SMTP_REF, s.email.password);
      if (!r.ok) return r.error;
      set({ email: { ...get().email, password: '', passwordStored: true } });
    }
    for (const [i, w] of s.webhooks.entries()) {
      if (!w.url.trim()) continue;
      const r = await call('secrets.set', w.urlRef, w.url.trim());
      if (!r.ok) return r.error;
      const hooks = [...get().webhooks];
      hooks[i] = { ...hooks[i]!, url: '', stored: true };
      set({ webhooks: hooks });
    }
    if (s.heartbeat.url.trim()) {
      const r = await call('secrets.set', HEARTBEAT_REF, s.heartbeat.url.trim());
      if (!r.ok) return r.error;
      set({ heartbeat: { url: '', stored: true } });
    }
    return null;
  };

  const checked = (): boolean => {
    const errors = validateAlerts(get());
    set({ errors });
    return Object.keys(errors).length === 0;
  };

  return {
    loaded: { kind: 'idle' },
    email: emptyEmail,
    webhooks: [],
    heartbeat: { url: '', stored: false },
    summary: { enabled: true, weekday: 1, hour: 9 },
    errors: {},
    tests: {},
    save: { kind: 'idle' },

    load: async () => {
      set({ loaded: { kind: 'loading' } });
      const r = await call('alerts.get');
      if (!r.ok) {
        set({ loaded: { kind: 'error', error: r.error } });
        return;
      }
      const a = r.value;
      const e = a.email;
      set({
        email: e
          ? {
              enabled: true,
              host: e.host,
              port: String(e.port),
              security: e.security,
              user: e.user ?? '',
              password: '',
              passwordStored: e.passwordRef ? await has(e.passwordRef) : false,
              from: e.from,
              to: e.to.join('\n'),
              caFile: e.caFile ?? '',
            }
          : emptyEmail,
        webhooks: await Promise.all((a.webhooks ?? []).map(async (w) => ({ urlRef: w.urlRef, format: w.format, name: w.name ?? '', url: '', stored: await has(w.urlRef) }))),
        heartbeat: { url: '', stored: a.heartbeat ? await has(a.heartbeat.urlRef) : false },
        summary: a.weeklySummary === false ? { enabled: false, weekday: 1, hour: 9 } : { enabled: true, weekday: a.weeklySummary?.weekday ?? 1, hour: a.weeklySummary?.hour ?? 9 },
        errors: {},
        tests: {},
        save: { kind: 'idle' },
        loaded: { kind: 'ready', value: true },
      });
    },

    editEmail: (patch) => {
      set({ email: { ...get().email, ...patch }, save: { kind: 'idle' }, tests: { ...get().tests, email: { kind: 'idle' } } });
      revalidate();
    },
    addWebhook: () => set({ webhooks: [...get().webhooks, { urlRef: `alerts-webhook-${Date.now().toString(36)}`, format: 'slack', name: '', url: '', stored: false }], save: { kind: 'idle' } }),
    editWebhook: (index, patch) => {
      const hooks = [...get().webhooks];
      hooks[index] = { ...hooks[index]!, ...patch };
      set({ webhooks: hooks, save: { kind: 'idle' }, tests: { ...get().tests, [`webhook-${index}`]: { kind: 'idle' } } });
      revalidate();
    },
    removeWebhook: (index) => {
      set({ webhooks: get().webhooks.filter((_, i) => i !== index), save: { kind: 'idle' }, tests: {} });
      revalidate();
    },
    editHeartbeat: (url) => {
      set({ heartbeat: { ...get().heartbeat, url }, save: { kind: 'idle' }, tests: { ...get().tests, heartbeat: { kind: 'idle' } } });
      revalidate();
    },
    editSummary: (patch) => set({ summary: { ...get().summary, ...patch }, save: { kind: 'idle' } }),

    test: async (channel) => {
      if (!checked()) return;
      const put = (t: TestState) => set({ tests: { ...get().tests, [channel]: t } });
      put({ kind: 'sending' });
      const stored = await storeSecrets();
      if (stored) {
        put({ kind: 'error', error: stored });
        return;
      }
      const s = get();
      const alerts = buildAlerts(s);
      const which =
        channel === 'email'
          ? ({ kind: 'email' } as const)
          : channel === 'heartbeat'
            ? ({ kind: 'heartbeat' } as const)
            : ({ kind: 'webhook', index: (alerts.webhooks ?? []).findIndex((w) => w.urlRef === s.webhooks[Number(channel.slice('webhook-'.length))]?.urlRef) } as const);
      const r = await call('alerts.test', { ...alerts }, which.kind === 'webhook' ? { kind: 'webhook', index: Math.max(0, which.index) } : which);
      put(r.ok ? { kind: 'sent' } : { kind: 'error', error: r.error });
    },

    saveAll: async () => {
      if (!checked()) return;
      set({ save: { kind: 'saving' } });
      const stored = await storeSecrets();
      if (stored) {
        set({ save: { kind: 'error', error: stored } });
        return;
      }
      const r = await call('alerts.save', { ...buildAlerts(get()) });
      set({ save: r.ok ? { kind: 'saved' } : { kind: 'error', error: r.error } });
    },
  };
});
