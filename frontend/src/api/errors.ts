import type { ApiError } from './types';
import { errorCodes } from './types.gen';

// the codes this build knows, from the Go side's table
const codes = new Set<string>(errorCodes);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function fromRecord(v: Record<string, unknown>): ApiError | null {
  const code = v.code ?? v.Code;
  const message = v.message ?? v.Message;
  if (typeof code === 'string' && typeof message === 'string') {
    return { code: codes.has(code) ? code : 'internal', message };
  }
  return null;
}

/**
 * normaliseError turns whatever a transport threw into {code, message}: an object with code and
 * message, a JSON string of one (Wails rejects with the Go error's text), a `code: message`
 * string, an Error, or anything else.
 */
export function normaliseError(e: unknown): ApiError {
  if (isRecord(e) && !(e instanceof Error)) {
    const r = fromRecord(e);
    if (r) return r;
  }
  let text = '';
  if (typeof e === 'string') text = e;
  else if (e instanceof Error) text = e.message;
  else if (isRecord(e) && typeof e.message === 'string') text = e.message;
  text = text.trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) {
        const r = fromRecord(parsed);
        if (r) return r;
      }
    } catch {
      // not JSON: fall through
    }
  }
  const m = /^([a-z_]+): (.+)$/s.exec(text);
  if (m && m[1] && m[2] && codes.has(m[1])) return { code: m[1], message: m[2] };
  return { code: 'internal', message: text || 'Something went wrong.' };
}

export function isApiError(v: unknown): v is ApiError {
  return isRecord(v) && typeof v.code === 'string' && typeof v.message === 'string';
}
