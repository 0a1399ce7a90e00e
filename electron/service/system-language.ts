/** The system's language for the service and the CLI (one definition, in the message catalogue's home). */
export { languageFromLocale, systemLanguageFromEnv } from '../shared/messages/language.js';
