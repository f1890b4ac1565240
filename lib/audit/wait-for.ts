/** Polls `probe` until it gives a value or the time is up; `interrupted` as soon as `valid` says the run lost its page. */
export async function waitFor<T>(
  deps: { sleep(ms: number): Promise<void>; now(): number },
  timeoutMs: number,
  pollMs: number,
  valid: () => Promise<boolean>,
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T | undefined | 'interrupted'> {
  const deadline = deps.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (!(await valid())) return 'interrupted';
    if (deps.now() >= deadline) return undefined;
    await deps.sleep(pollMs);
  }
}
