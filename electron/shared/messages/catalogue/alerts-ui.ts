import { defineMessages } from '../define.js';
export const alertsUiMessages = defineMessages({});
