/** The words around what the CLI prints: the labels of an error and its advice. */
import { defineMessages } from '../define.js';

export const cliMessages = defineMessages({
  'cli-error': {
    en: 'Error: {{message}}',
    ja: 'エラー：{{message}}',
  },
  'cli-what-to-do': {
    en: 'What to do: {{hint}}',
    ja: '対処：{{hint}}',
  },
});
