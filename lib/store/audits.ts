import type { ScenarioStatus } from '../scenario';
import type { Db } from './db';

export async function readScenarioStatus(db: Db, tabId: number): Promise<ScenarioStatus | undefined> {
  const stored = await db.get('audits', tabId);
  if (!stored) return undefined;
  const { tabId: _tab, ...status } = stored;
  return status;
}

export async function writeScenarioStatus(db: Db, tabId: number, status: ScenarioStatus): Promise<void> {
  await db.put('audits', { ...status, tabId });
}

export async function deleteScenarioStatus(db: Db, tabId: number): Promise<void> {
  await db.delete('audits', tabId);
}

/**
 * A run that was going when the worker stopped cannot go on (its steps lived in the stopped worker): it is said to
 * have been interrupted, so the popup never waits on it and a new run may start.
 */
export async function interruptRunningScenarios(db: Db): Promise<void> {
  for (const stored of await db.getAll('audits')) {
    if (stored.step === 'done') continue;
    await db.put('audits', { ...stored, step: 'done', outcome: 'interrupted', detail: 'the extension was restarted during the run' });
  }
}
