/**
 * The one function that turns a message (code + parameters) into a sentence, for every surface: the
 * React UI, the CLI, the tray, OS notifications, the run log and `kura server-setup`. i18next does the
 * interpolation and plural rules; the catalogue (./catalogue/) is its only source.
 */
import i18next, { type i18n } from 'i18next';
import { catalogue, type MessageCode, type ParamsOf } from './index.js';
import type { EnText, Lang, ParamValue } from './define.js';
import { formatBytes, formatClocks, formatDateTime, formatDuration, formatElapsed, formatNames, formatNumber, formatWeekday, formatWeekdays, formatWhen, labelZone } from './format.js';

export interface Rendered {
  message: string;
  hint: string | null;
}

/** One i18next instance per language, with the catalogue entries it has been given so far (see give). */
const instances = new Map<Lang, { inst: i18n; given: Set<string> }>();

/**
 * The zone every time of a message is said in (a job's: one zone on every screen) and the reader's
 * own, so a time is labelled when they differ. The UI passes both; other surfaces render as before.
 */
export interface RenderZones {
  /** Absent: each time in the zone its parameter names (a job's), else the renderer's own. */
  timeZone?: string;
  viewerTimeZone: string;
}

interface ZoneOptions {
  kuraZone?: string;
  kuraViewerZone?: string;
}

function zonesOf(options: ZoneOptions | undefined): RenderZones | undefined {
  if (!options?.kuraViewerZone) return undefined;
  return options.kuraZone ? { timeZone: options.kuraZone, viewerTimeZone: options.kuraViewerZone } : { viewerTimeZone: options.kuraViewerZone };
}

function put(out: Record<string, string>, key: string, text: EnText): void {
  if (typeof text === 'string') out[key] = text;
  else {
    out[`${key}_one`] = text.one;
    out[`${key}_other`] = text.other;
  }
}

/**
 * Gives the instance of `lang` the sentence (and hint) of catalogue entry `key`, once — and the entries
 * its sentences nest (`$t(restore-step-{{step}})`: every entry whose code begins `restore-step-`), which
 * i18next looks up itself. An instance gets each entry the first time it renders it: copying all 1,566
 * entries into i18next when a process first said something cost ≈ 6 ms before every `kura run`'s rsync
 * could start.
 */
function give({ inst, given }: { inst: i18n; given: Set<string> }, lang: Lang, key: string): void {
  if (given.has(key)) return;
  given.add(key);
  const def = (catalogue as Record<string, { en: EnText; ja: string; hint?: { en: EnText; ja: string } }>)[key]!;
  const strings: Record<string, string> = {};
  put(strings, key, lang === 'en' ? def.en : def.ja);
  if (def.hint) put(strings, `${key}::hint`, lang === 'en' ? def.hint.en : def.hint.ja);
  inst.addResources(lang, 'kura', strings);
  for (const text of Object.values(strings)) {
    for (const m of text.matchAll(/\$t\(([^{)]*)/g)) {
      for (const code of Object.keys(catalogue)) if (code.startsWith(m[1]!)) give({ inst, given }, lang, code);
    }
  }
}

function instanceFor(lang: Lang): { inst: i18n; given: Set<string> } {
  const known = instances.get(lang);
  if (known) return known;
  const inst = i18next.createInstance();
  void inst.init({
    resources: { [lang]: { kura: {} } },
    lng: lang,
    ns: ['kura'],
    defaultNS: 'kura',
    keySeparator: false,
    nsSeparator: false,
    initAsync: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  inst.services.formatter?.add('bytes', (value: number, lng: string | undefined) => formatBytes(value, (lng ?? lang) as Lang));
  inst.services.formatter?.add('duration', (value: number, lng: string | undefined) => formatDuration(value, (lng ?? lang) as Lang));
  inst.services.formatter?.add('count', (value: number, lng: string | undefined) => formatNumber(value, (lng ?? lang) as Lang));
  // Times in the zone the caller renders for (`zones` of renderLoose: a job's) and labelled when the
  // reader's differs; else in the zone the message names, else the zone of whoever renders it.
  inst.services.formatter?.add('datetime', (value: string, lng: string | undefined, options: ZoneOptions & { timeZone?: string }) => {
    const zone = options?.kuraZone ?? options?.timeZone;
    return labelZone(formatDateTime(value, (lng ?? lang) as Lang, zone), zone, options?.kuraViewerZone);
  });
  // Coarse spans ("3 days"), moments relative to `now` in `zone` ("yesterday 23:10"), lists, schedules' times and days.
  inst.services.formatter?.add('elapsed', (value: number) => formatElapsed(value, lang));
  inst.services.formatter?.add('when', (value: string, _lng: string | undefined, options: ZoneOptions) => {
    const [at = '', now = at, named] = String(value).split(' ');
    const zone = options?.kuraZone ?? (named || undefined);
    return labelZone(formatWhen(at, lang, now, zone), zone, options?.kuraViewerZone);
  });
  inst.services.formatter?.add('list', (value: string) => formatNames(value, lang));
  inst.services.formatter?.add('clocks', (value: string) => formatClocks(value, lang));
  inst.services.formatter?.add('pad2', (value: number) => String(value).padStart(2, '0'));
  inst.services.formatter?.add('weekday', (value: number) => formatWeekday(value, lang));
  inst.services.formatter?.add('weekdays', (value: string) => formatWeekdays(value, lang));
  // Messages inside a message (messageList / nestedMessage in index.ts), rendered in the same language.
  inst.services.formatter?.add('messages', (value: string, _lng: string | undefined, options: ZoneOptions) => renderNested(lang, value, 'message', zonesOf(options)));
  inst.services.formatter?.add('hint', (value: string, _lng: string | undefined, options: ZoneOptions) => renderNested(lang, value, 'hint', zonesOf(options)));
  // Names that may carry a sentence of their own ("a.jpg (the same damaged copy is in snapshots …)"), in one line.
  inst.services.formatter?.add('items', (value: string) => formatNames(renderNested(lang, value), lang));
  const made = { inst, given: new Set<string>() };
  instances.set(lang, made);
  return made;
}

/**
 * A parameter holding messages: a catalogue code (a message without facts, such as a noun), one
 * `{ code, params }` as JSON, or a JSON list of them — each rendered in `lang`, one per line; an
 * entry with a `field` (a config problem) is said after its field name. Anything else is shown as
 * it is.
 */
function renderNested(lang: Lang, value: unknown, part: 'message' | 'hint' = 'message', zones?: RenderZones): string {
  const text = String(value);
  if (isMessageCode(text)) return renderLoose(lang, text, {}, zones)[part] ?? '';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return text;
  }
  const list = Array.isArray(data) ? data : [data];
  const lines: string[] = [];
  for (const m of list) {
    if (m === null || typeof m !== 'object' || typeof (m as { code?: unknown }).code !== 'string') return text;
    const { code, params, field } = m as { code: string; params?: Record<string, ParamValue>; field?: unknown };
    const said = renderLoose(lang, code, params ?? {}, zones)[part] ?? '';
    lines.push(typeof field === 'string' ? `${field}${lang === 'ja' ? '：' : ': '}${said}` : said);
  }
  return lines.join('\n');
}

/**
 * The catalogue entry a message is said with: `code`, or its variant `code~variant` when the
 * parameters name one that exists. Variants keep one stable code (what scripts, tests and the UI
 * match) for sentences that differ in wording or advice: rsync-killed during a restore says to start
 * the restore again.
 */
export function entryKey(code: string, params: Readonly<Record<string, ParamValue>> | undefined): string {
  const variant = params?.['variant'];
  if (typeof variant === 'string' && Object.hasOwn(catalogue, `${code}~${variant}`)) return `${code}~${variant}`;
  return code;
}

/** The sentence (and hint) of a message in a language. */
export function render<C extends MessageCode>(lang: Lang, code: C, params: ParamsOf<C>): Rendered {
  return renderLoose(lang, code, params as Record<string, ParamValue>);
}

/** The same for a message read back from data (run history, the contract), whose code is a string. */
export function renderLoose(lang: Lang, code: string, params: Readonly<Record<string, ParamValue>>, zones?: RenderZones): Rendered {
  const key = entryKey(code, params);
  const def = (catalogue as Record<string, { hint?: unknown }>)[key];
  if (!def) return { message: code, hint: null };
  const instance = instanceFor(lang);
  give(instance, lang, key);
  const { inst } = instance;
  const options: Record<string, unknown> = zones
    ? { ...params, ...(zones.timeZone ? { kuraZone: zones.timeZone } : {}), kuraViewerZone: zones.viewerTimeZone }
    : { ...params };
  return {
    message: inst.t(key, options) as string,
    hint: def.hint ? (inst.t(`${key}::hint`, options) as string) : null,
  };
}

/** Is this a code of the catalogue (data read back may hold codes of a newer or older Kura). */
export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(catalogue, code);
}

/**
 * Whether a message read back from data can be rendered from its facts: a catalogued code with every
 * parameter its sentences need. Records from before a code moved into the catalogue carry only their
 * English sentences; those are shown as they are.
 */
export function renderable(code: string, params: Readonly<Record<string, ParamValue>> | undefined): params is Readonly<Record<string, ParamValue>> {
  if (!params || !isMessageCode(code)) return false;
  const def = catalogue[entryKey(code, params) as MessageCode] as { en: EnText; ja: string; hint?: { en: EnText; ja: string } };
  const texts = [def.en, def.ja, def.hint?.en, def.hint?.ja].flatMap((t) => (t === undefined ? [] : typeof t === 'string' ? [t] : [t.one, t.other]));
  return texts.every((t) => [...t.matchAll(/\{\{\s*([^,}\s]+)/g)].every((m) => m[1] === 'count' || Object.hasOwn(params, m[1]!)));
}

/** A message's English sentence: for logs and texts that stay English (manifests, debug lines). */
export function english(m: { code: string; params: Readonly<Record<string, ParamValue>> }): string {
  return renderLoose('en', m.code, m.params).message;
}
