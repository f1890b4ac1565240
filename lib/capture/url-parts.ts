/** The hostname of an http(s)/ws(s) URL, lower-cased, without a trailing dot; '' for anything else. */
export function hostnameOf(url: string): string {
  if (!/^(https?|wss?):\/\//i.test(url)) return '';
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return '';
  }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
