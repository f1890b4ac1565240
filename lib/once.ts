/**
 * `load` run on the first call and its promise shared by every later call; run again on the next call after it
 * failed, so one failed read (an extension file during an update, say) is not remembered for the worker's life.
 */
export function onceUntilFailure<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
