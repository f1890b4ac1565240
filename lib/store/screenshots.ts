import type { Screenshot } from '../model';
import { type Db, visitRange } from './db';

/** A visit's screenshots, kept and dropped, in time order. */
export async function readScreenshots(db: Db, visitId: string): Promise<Screenshot[]> {
  const shots = await db.getAll('screenshots', visitRange(visitId));
  return shots.sort((a, b) => a.t - b.t);
}

/** How many images the visit keeps, and how many entries (kept and dropped) it holds. */
export async function countScreenshots(db: Db, visitId: string): Promise<{ kept: number; all: number }> {
  const shots = await readScreenshots(db, visitId);
  return { kept: shots.filter((s) => s.kind === 'shot').length, all: shots.length };
}

export async function writeScreenshot(db: Db, shot: Screenshot): Promise<void> {
  await db.put('screenshots', shot);
}
