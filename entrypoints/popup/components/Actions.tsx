import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ExportFile, ExportFormat } from '@/lib/messages';

export interface ActionsProps {
  tabId: number;
  /** Called when an audit finished, to reload the report. */
  onDone: () => void;
}

type Status = { kind: 'idle' } | { kind: 'running'; label: string } | { kind: 'message'; text: string };

const CANARY_SECONDS = 8;

export function Actions({ tabId, onDone }: ActionsProps) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  async function testMasking() {
    setStatus({ kind: 'running', label: `Typing test values into the page's fields, then watching ${CANARY_SECONDS} s…` });
    const result = (await browser.runtime.sendMessage({ type: 'run-canary', tabId, seconds: CANARY_SECONDS })) as { ok: boolean; typed?: number; reason?: string };
    setStatus({ kind: 'message', text: result.ok ? `Masking test done: ${result.typed} fields typed and restored.` : `Masking test not run: ${result.reason}.` });
    if (result.ok) onDone();
  }

  async function cleanAudit() {
    setStatus({ kind: 'running', label: `Clearing this site's cookies and storage, reloading, watching ${CANARY_SECONDS} s…` });
    const result = (await browser.runtime.sendMessage({ type: 'run-clean-observe', tabId, seconds: CANARY_SECONDS })) as { ok: boolean; reason?: string };
    setStatus({ kind: 'message', text: result.ok ? 'Clean audit done: this is what a first-time visitor meets before choosing.' : `Clean audit not run: ${result.reason}.` });
    if (result.ok) onDone();
  }

  async function exportAs(format: ExportFormat) {
    const file = (await browser.runtime.sendMessage({ type: 'export', format, tabId })) as ExportFile | { ok: false };
    if (!file.ok) return setStatus({ kind: 'message', text: 'Nothing to export yet.' });
    const data = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
    const url = URL.createObjectURL(new Blob([data], { type: file.mime }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  const busy = status.kind === 'running';
  return (
    <div class="actions">
      <button type="button" disabled={busy} onClick={() => void cleanAudit()} data-testid="clean-audit">
        Run clean audit
      </button>
      <button type="button" disabled={busy} onClick={() => void testMasking()} data-testid="test-masking">
        Test masking
      </button>
      <span class="muted">Export:</span>
      {(['json', 'html', 'csv', 'md'] as const).map((format) => (
        <button type="button" key={format} disabled={busy} onClick={() => void exportAs(format)}>
          {format === 'md' ? 'Markdown' : format.toUpperCase()}
        </button>
      ))}
      {status.kind !== 'idle' && (
        <p role="status" class="muted" data-testid="action-status">
          {status.kind === 'running' ? status.label : status.text}
        </p>
      )}
    </div>
  );
}
