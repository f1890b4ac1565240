import { fromBase64 } from '../bytes';
import type { Header } from '../model';
import type { HarEntry, HarNameValue } from './har-types';
import { REDACTED, type ReportBody } from './types';

const MAX_QUERY_PARAMS = 500;
const MAX_QUERY_VALUE = 4096;
const MAX_COOKIES = 200;

export function postDataOf(body: ReportBody, headers: readonly Header[]): NonNullable<HarEntry['request']['postData']> {
  const mimeType = body.form === 'form-data' ? 'application/x-www-form-urlencoded' : (headerValue(headers, 'content-type') ?? 'application/octet-stream');
  const kept = body.base64 === undefined ? undefined : fromBase64(body.base64);
  const about = { _size: body.size, _truncated: body.truncated };
  // A redacted report holds no body bytes, only their size.
  if (!kept) return { mimeType, text: REDACTED, comment: `${body.size} bytes, ${REDACTED}.`, ...about };
  const text = utf8(kept, body.truncated);
  return {
    mimeType,
    ...(text === undefined ? { text: body.base64 ?? '', _encoding: 'base64' as const } : { text }),
    ...(body.truncated && { comment: `First ${kept.length} of ${body.size} bytes.` }),
    ...about,
  };
}

export function queryOf(url: string): { params: HarNameValue[]; comment?: string } {
  let search: URLSearchParams;
  try {
    search = new URL(url).searchParams;
  } catch {
    return { params: [] };
  }
  const params: HarNameValue[] = [];
  let count = 0;
  for (const [name, value] of search) {
    if (count++ >= MAX_QUERY_PARAMS) continue;
    const long = name.length > MAX_QUERY_VALUE || value.length > MAX_QUERY_VALUE;
    params.push({
      name: name.slice(0, MAX_QUERY_VALUE),
      value: value.slice(0, MAX_QUERY_VALUE),
      ...(long && { comment: `Cut at ${MAX_QUERY_VALUE} characters; the URL is whole.` }),
    });
  }
  return count > MAX_QUERY_PARAMS ? { params, comment: `First ${MAX_QUERY_PARAMS} of ${count} query parameters; the URL is whole.` } : { params };
}

export function requestCookies(headers: readonly Header[]): HarNameValue[] {
  return headers
    .filter((h) => h.name.toLowerCase() === 'cookie')
    .flatMap((h) => h.value.split(';'))
    .map((pair) => pair.trim())
    .filter(Boolean)
    .slice(0, MAX_COOKIES)
    .map(nameValue);
}

export function responseCookies(headers: readonly Header[]): HarNameValue[] {
  return headers
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .flatMap((h) => h.value.split('\n'))
    .filter(Boolean)
    .slice(0, MAX_COOKIES)
    .map((line) => nameValue(line.split(';')[0]?.trim() ?? ''));
}

function nameValue(pair: string): HarNameValue {
  const at = pair.indexOf('=');
  return at < 0 ? { name: '', value: pair } : { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
}

export function headerValue(headers: readonly Header[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

export function splitStatusLine(line: string | undefined): [string, string] | [] {
  const match = line && /^(HTTP\/[\d.]+)\s+\d{3}\s*(.*)$/i.exec(line);
  return match ? [match[1] ?? '', match[2] ?? ''] : [];
}

export function harHeader(h: Header): HarNameValue {
  return { name: h.name, value: h.value };
}

/** The bytes as UTF-8 text, or undefined when they are not; a cut body may end inside a character. */
function utf8(bytes: Uint8Array, cut: boolean): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut });
  } catch {
    return undefined;
  }
}
