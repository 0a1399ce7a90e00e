/**
 * "No English sentence visible" for the Japanese journeys: the runs of three or more English words
 * on a screen (test/harness/english-runs.ts), once the facts that stay as they are in every language
 * are taken out — names of programs, protocols and products, SQL the admin is asked to run, what the
 * admin typed. In a run log only Kura's own lines count (INFO/WARN/ERROR); the DEBUG lines and a
 * tool's own output under a line are verbatim. In a snippet to paste only its comments count.
 */
import type { Page } from 'playwright-core';
import { englishRuns } from '../harness/english-runs.js';

/** Words a Japanese page shows verbatim: product and program names. */
const FACTS = ['rsync', 'MySQL', 'MariaDB', 'Redis', 'SSH', 'S3', 'mysqldump', 'mariadb-dump', 'redis-cli', 'Object Lock', 'Kura'];

/** SQL statements and command lines are given to the admin to run as they are. */
const TO_RUN = [
  /\b(?:GRANT|REVOKE|CREATE USER|ALTER USER|START (?:SLAVE|REPLICA)|STOP (?:SLAVE|REPLICA))\b[^\n。、）」]*/g,
  /(?:^|\s|：)(?:sudo|redis-cli|systemctl|ssh-keygen|kura)\s[^\n。、）」]*/g,
];

export function englishOnPage(text: string, typed: readonly string[] = []): string[] {
  return englishRuns(
    TO_RUN.reduce((t, re) => t.replace(re, ' '), text),
    [...typed, ...FACTS],
  );
}

/** The English runs on what the page shows now. */
export async function englishOnScreen(page: Page, typed: readonly string[] = []): Promise<string[]> {
  // Run in the page (a string: this Node project has no DOM types). The <pre> blocks are hidden while
  // the rest is read, so their text is not counted twice.
  const shown = await page.evaluate<{ body: string; texts: Array<{ log: boolean; text: string }> }>(`(() => {
    const pres = [...document.querySelectorAll('pre')];
    const texts = pres.map((p) => ({ log: p.classList.contains('log'), text: p.innerText }));
    const display = pres.map((p) => p.style.display);
    for (const p of pres) p.style.display = 'none';
    const body = document.body.innerText;
    pres.forEach((p, i) => (p.style.display = display[i]));
    return { body, texts };
  })()`);
  const parts = [shown.body];
  for (const p of shown.texts) {
    const lines: string[] = p.text.split('\n');
    if (p.log) parts.push(...lines.flatMap((l) => /^\S+Z (?:INFO|WARN|ERROR)\s+(.*)$/.exec(l)?.slice(1) ?? []));
    else parts.push(...lines.filter((l) => /^\s*(?:#|--|;)/.test(l)));
  }
  return englishOnPage(parts.join('\n'), typed);
}
