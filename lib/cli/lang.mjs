// The CLI's report language: --lang, else the system locale the POSIX way (LC_ALL, then LC_MESSAGES, then LANG).
export const CLI_LANGS = ['en', 'fr'];

/** `fr` for a French locale (`fr_FR.UTF-8`, `fr`), else `en` (also for `C` and `POSIX`). */
export function systemLang(env) {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const base = locale.toLowerCase().split(/[-_.@]/)[0];
  return CLI_LANGS.includes(base) ? base : 'en';
}
