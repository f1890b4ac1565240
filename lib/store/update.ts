import type { Db } from './db';
import { readCaptureResume } from './visits';

/** Where the version that last ran is kept, in the settings store (next to the user's settings, kept by "Delete all"). */
const VERSION_KEY = 'extension-version';

/**
 * Closes the visits that were open when the extension was updated, and marks them `interrupted`. After an update the
 * pages' scripts of the old version can no longer reach the new one, so those visits' evidence ends here; a tab that
 * goes on loading starts a new visit (capture adopts it). A worker restarted within one version closes nothing.
 * An update from a version that kept no version number closes the visits it left open all the same.
 * Returns the ids of the visits closed.
 */
export async function closeVisitsAcrossUpdate(db: Db, version: string, now: number): Promise<string[]> {
  const stored = await db.get('settings', VERSION_KEY);
  const from = typeof stored === 'string' ? stored : undefined;
  if (from === version) return [];
  const tx = db.transaction(['tabs', 'visits', 'settings'], 'readwrite');
  const closed: string[] = [];
  for (const state of await tx.objectStore('tabs').getAll()) {
    const visit = await tx.objectStore('visits').get(state.visitId);
    if (!visit || visit.interrupted) continue;
    await tx.objectStore('visits').put({ ...visit, interrupted: { reason: 'extension-updated', at: now, ...(from && { from }), to: version } });
    closed.push(visit.id);
  }
  await tx.objectStore('tabs').clear();
  await tx.objectStore('settings').put(version, VERSION_KEY);
  await tx.done;
  return closed;
}

/**
 * What capture resumes from once the visits open across an update are closed. A failure to close them must not stop
 * capture: the visits then stay open, as before updates were noticed.
 */
export async function resumeAcrossUpdate(
  db: Promise<Db>,
  version: string,
  now: () => number,
  onError: (context: string, error: unknown) => void,
): ReturnType<typeof readCaptureResume> {
  const store = await db;
  await closeVisitsAcrossUpdate(store, version, now()).catch((error) => onError('update', error));
  return readCaptureResume(store);
}
