import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useI18n } from '../i18n';

export interface ActionsProps {
  tabId: number;
  /** Called when an audit finished, to reload the report. */
  onDone: () => void;
}

type Status = { kind: 'idle' } | { kind: 'running'; text: string } | { kind: 'message'; text: string };
type AuditResult = { ok: boolean; typed?: number; reason?: string };

const AUDIT_SECONDS = 8;

/** The audits the background can run. "Test refusal" has no message yet, so it is shown disabled with why. */
export function Actions({ tabId, onDone }: ActionsProps) {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  async function run(kind: 'clean' | 'masking') {
    setStatus({ kind: 'running', text: t(kind === 'clean' ? 'actions.running.clean' : 'actions.running.masking', { seconds: AUDIT_SECONDS }) });
    const type = kind === 'clean' ? 'run-clean-observe' : 'run-canary';
    try {
      const result = (await browser.runtime.sendMessage({ type, tabId, seconds: AUDIT_SECONDS })) as AuditResult;
      if (!result.ok) return setStatus({ kind: 'message', text: t(kind === 'clean' ? 'actions.notRun.clean' : 'actions.notRun.masking', { reason: result.reason ?? '' }) });
      setStatus({ kind: 'message', text: kind === 'clean' ? t('actions.done.clean') : t('actions.done.masking', { n: result.typed ?? 0 }) });
      onDone();
    } catch (error) {
      console.error('[consent-inspector] audit', error);
      setStatus({ kind: 'message', text: t('app.error', { message: String(error) }) });
    }
  }

  const busy = status.kind === 'running';
  return (
    <div class="actions" role="group" aria-label={t('actions.label')}>
      <button type="button" disabled={busy} onClick={() => void run('clean')} data-testid="clean-audit">
        {t('actions.cleanAudit')}
      </button>
      <span class="disabled-wrap" title={t('actions.comingWithConsent')}>
        <button type="button" disabled aria-describedby="refusal-why" data-testid="test-refusal">
          {t('actions.testRefusal')}
        </button>
        <span id="refusal-why" class="sr-only">{t('actions.comingWithConsent')}</span>
      </span>
      <button type="button" disabled={busy} onClick={() => void run('masking')} data-testid="test-masking">
        {t('actions.testMasking')}
      </button>
      {status.kind !== 'idle' && (
        <p role="status" class="muted" data-testid="action-status">
          {status.text}
        </p>
      )}
    </div>
  );
}
