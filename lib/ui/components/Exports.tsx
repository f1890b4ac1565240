import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { EXPORT_FORMATS, type ExportFormat } from '@/lib/messages';
import { useI18n } from '../i18n';
import { send } from '@/lib/messages';

export interface ExportsProps {
  /** The visit to export: the tab's current one, or a stored one by id. */
  target: { tabId: number } | { visitId: string };
}

/** Downloads an export through a Blob and `<a download>`; values stay redacted and screenshots out unless the user opts in. */
export function Exports({ target }: ExportsProps) {
  const { t, lang } = useI18n();
  const [includeValues, setIncludeValues] = useState(false);
  const [includeScreenshots, setIncludeScreenshots] = useState(false);
  const [message, setMessage] = useState('');

  async function exportAs(format: ExportFormat) {
    try {
      const file = await send(browser.runtime, { type: 'export', format, includeValues, includeScreenshots, ...target, lang });
      if (!file.ok) return setMessage(t('actions.nothingToExport'));
      const data = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
      const url = URL.createObjectURL(new Blob([data], { type: file.mime }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage(t('actions.exported', { filename: file.filename }));
    } catch (error) {
      console.error('[consent-inspector] export', error);
      setMessage(t('app.error', { message: String(error) }));
    }
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a row of buttons, not a form; a fieldset would add a form border and legend.
    <div class="actions" role="group" aria-label={t('actions.export')}>
      <span class="muted">{t('actions.export')}:</span>
      {EXPORT_FORMATS.map((format) => (
        <button
          type="button"
          key={format}
          onClick={() => void exportAs(format)}
          data-testid={`export-${format}`}
          {...(format === 'har' && { title: t('actions.harHint') })}
        >
          {format === 'md' ? t('actions.markdown') : format.toUpperCase()}
        </button>
      ))}
      <label title={t('actions.includeValuesHint')}>
        <input type="checkbox" checked={includeValues} onChange={(e) => setIncludeValues(e.currentTarget.checked)} data-testid="include-values" />{' '}
        {t('actions.includeValues')}
      </label>
      <label title={t('actions.includeScreenshotsHint')}>
        <input
          type="checkbox"
          checked={includeScreenshots}
          onChange={(e) => setIncludeScreenshots(e.currentTarget.checked)}
          data-testid="include-screenshots"
        />{' '}
        {t('actions.includeScreenshots')}
      </label>
      {message && (
        <p role="status" class="muted" data-testid="export-status">
          {message}
        </p>
      )}
    </div>
  );
}
