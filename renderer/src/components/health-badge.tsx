/** The job's health in the tray's colours: ok green, running blue, warning amber, partial orange, failed/overdue red, never grey. */
import { useTranslation } from 'react-i18next';
import type { Health, RunStatus } from '../lib/contract.js';

export function HealthBadge({ health }: { health: Health }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${health}`}>{t(`health.${health}`)}</span>;
}

const runTone: Record<RunStatus, Health> = {
  running: 'running',
  success: 'ok',
  warning: 'warning',
  partial: 'partial',
  failed: 'failed',
  cancelled: 'never',
  interrupted: 'failed',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${runTone[status]}`}>{t(`runStatus.${status}`)}</span>;
}
