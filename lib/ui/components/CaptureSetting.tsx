import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/lib/messages';
import { useI18n } from '../i18n';

/** The "full capture on every tab" setting (`CaptureLevel`): off, only inspected and audited tabs are captured in full. */
export function CaptureSetting() {
  const { t } = useI18n();
  const [on, setOn] = useState<boolean | undefined>(undefined);

  useEffect(() => {
    void send(browser.runtime, { type: 'get-settings' })
      .then((settings) => 'fullCaptureAllTabs' in settings && setOn(settings.fullCaptureAllTabs))
      .catch((error: unknown) => console.error('[consent-inspector] settings', error));
  }, []);

  async function toggle(next: boolean) {
    setOn(next);
    try {
      const settings = await send(browser.runtime, { type: 'set-settings', settings: { fullCaptureAllTabs: next } });
      if ('fullCaptureAllTabs' in settings) setOn(settings.fullCaptureAllTabs);
    } catch (error) {
      console.error('[consent-inspector] settings', error);
    }
  }

  return (
    <label class="capture-setting muted" title={t('settings.fullCaptureHint')}>
      <input
        type="checkbox"
        checked={on === true}
        disabled={on === undefined}
        onChange={(e) => void toggle(e.currentTarget.checked)}
        data-testid="full-capture-all"
      />{' '}
      {t('settings.fullCapture')}
    </label>
  );
}
