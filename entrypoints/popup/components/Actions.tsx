import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ConsentScenario, ScenarioStatus } from '@/lib/scenario';
import type { Translate } from '@/lib/i18n/translate';
import { useI18n } from '@/lib/ui/i18n';
import { send } from '@/lib/messages';

export interface ActionsProps {
  tabId: number;
  /** The visit was captured at the everyday level: offer to inspect the tab fully. */
  everyday?: boolean;
  /** Called when an audit finished, to reload the report. */
  onDone: () => void;
}

type Status = { kind: 'idle' } | { kind: 'running'; text: string } | { kind: 'message'; text: string };

const AUDIT_SECONDS = 8;
const POLL_MS = 400;
const RELOAD_MS = 2500;

/** The audits the background can run; the reject/accept scenarios show their progress while they run. */
export function Actions({ tabId, everyday = false, onDone }: ActionsProps) {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  async function run(kind: 'clean' | 'masking') {
    setStatus({ kind: 'running', text: t(kind === 'clean' ? 'actions.running.clean' : 'actions.running.masking', { seconds: AUDIT_SECONDS }) });
    try {
      const result =
        kind === 'clean'
          ? await send(browser.runtime, { type: 'run-clean-observe', tabId, seconds: AUDIT_SECONDS })
          : await send(browser.runtime, { type: 'run-canary', tabId, seconds: AUDIT_SECONDS });
      if (!result.ok)
        return setStatus({ kind: 'message', text: t(kind === 'clean' ? 'actions.notRun.clean' : 'actions.notRun.masking', { reason: result.reason }) });
      setStatus({ kind: 'message', text: 'typed' in result ? t('actions.done.masking', { n: result.typed }) : t('actions.done.clean') });
      onDone();
    } catch (error) {
      console.error('[consent-inspector] audit', error);
      setStatus({ kind: 'message', text: t('app.error', { message: String(error) }) });
    }
  }

  async function inspectFully() {
    setStatus({ kind: 'running', text: t('actions.running.inspect') });
    try {
      await send(browser.runtime, { type: 'inspect-fully', tabId });
      // The reloaded page's report, once it has loaded a little.
      await new Promise((r) => setTimeout(r, RELOAD_MS));
      setStatus({ kind: 'idle' });
      onDone();
    } catch (error) {
      console.error('[consent-inspector] inspect', error);
      setStatus({ kind: 'message', text: t('app.error', { message: String(error) }) });
    }
  }

  async function runScenario(scenario: ConsentScenario) {
    const name = t(`scenario.${scenario}`);
    setStatus({ kind: 'running', text: t('scenario.step.clearing', { name }) });
    let finished = false;
    const poll = async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const answer = await send(browser.runtime, { type: 'get-scenario-status', tabId });
        if (!finished && answer.ok && answer.status.scenario === scenario && answer.status.step !== 'done') {
          setStatus({ kind: 'running', text: scenarioText(t, answer.status) });
        }
      }
    };
    const polling = poll().catch((error: unknown) => console.error('[consent-inspector] scenario status', error));
    try {
      const result = await send(browser.runtime, { type: 'run-scenario', tabId, scenario, seconds: AUDIT_SECONDS });
      finished = true;
      if (!result.ok) return setStatus({ kind: 'message', text: t('actions.notRun.scenario', { name, reason: result.reason }) });
      setStatus({ kind: 'message', text: scenarioText(t, result) });
      onDone();
    } catch (error) {
      console.error('[consent-inspector] scenario', error);
      setStatus({ kind: 'message', text: t('app.error', { message: String(error) }) });
    } finally {
      finished = true;
      await polling;
    }
  }

  const busy = status.kind === 'running';
  return (
    // biome-ignore lint/a11y/useSemanticElements: a row of buttons, not a form; a fieldset would add a form border and legend.
    <div class="actions" role="group" aria-label={t('actions.label')}>
      {everyday && (
        <button type="button" disabled={busy} onClick={() => void inspectFully()} data-testid="inspect-fully" title={t('actions.inspectFullyHint')}>
          {t('actions.inspectFully')}
        </button>
      )}
      <button type="button" disabled={busy} onClick={() => void run('clean')} data-testid="clean-audit">
        {t('actions.cleanAudit')}
      </button>
      <button type="button" disabled={busy} onClick={() => void runScenario('reject')} data-testid="test-refusal">
        {t('actions.testRefusal')}
      </button>
      <button type="button" disabled={busy} onClick={() => void runScenario('accept')} data-testid="test-acceptance">
        {t('actions.testAcceptance')}
      </button>
      <button type="button" disabled={busy} onClick={() => void run('masking')} data-testid="test-masking">
        {t('actions.testMasking')}
      </button>
      <p class="muted" data-testid="masking-hint">
        {t('actions.maskingHint')}
      </p>
      {status.kind !== 'idle' && (
        <p role="status" class="muted" data-testid="action-status">
          {status.text}
        </p>
      )}
    </div>
  );
}

/** A scenario's progress, or its outcome once done. */
export function scenarioText(t: Translate, status: ScenarioStatus): string {
  const params = { name: t(`scenario.${status.scenario}`), cmp: status.cmp ?? '', detail: status.detail ?? '', seconds: AUDIT_SECONDS };
  if (status.step === 'done' && status.outcome) return t(`scenario.outcome.${status.outcome}`, params);
  return t(`scenario.step.${status.step}`, params);
}
