/** Display helpers shared by the popup and the exports. Pure. */

export function formatTime(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  return abs < 1000 ? `${sign}${Math.round(abs)} ms` : `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
}

const DAY = 86_400;

/** A declared cookie lifetime in seconds (`null` = session) as words: "session", "30 min", "13 months", "2 years". */
export function formatLifetime(seconds: number | null): string {
  if (seconds === null) return 'session';
  if (seconds <= 0) return 'expired (deletion)';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < DAY) return `${Math.round(seconds / 3600)} h`;
  if (seconds < 60 * DAY) return `${Math.round(seconds / DAY)} days`;
  if (seconds < 730 * DAY) return `${Math.round(seconds / (30.44 * DAY))} months`;
  return `${(seconds / (365.25 * DAY)).toFixed(1)} years`;
}
