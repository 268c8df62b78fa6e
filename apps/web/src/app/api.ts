import type { FieldError, Problem } from '@meridian/contracts';

/** A problem+json answer from the server, thrown by `api`. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
  /** Field errors keyed by path, for forms: `{ email: 'must be an e-mail address' }`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? ([] as FieldError[])) out[e.path] ??= e.message;
    return out;
  }
}

/** Listeners told when any call answers 401, so the shell can return to sign-in. */
const unauthenticatedListeners = new Set<(code: string) => void>();
export function onUnauthenticated(listener: (code: string) => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/**
 * Listeners told when the server answered a call that ran with the session (anything but a
 * 401), i.e. the server saw activity and may have extended the idle timeout.
 */
const sessionActivityListeners = new Set<() => void>();
export function onSessionActivity(listener: () => void): () => void {
  sessionActivityListeners.add(listener);
  return () => sessionActivityListeners.delete(listener);
}

/**
 * This browser's clock against the server's, from the Date header of the latest answer
 * (1 s resolution). Session expiry is the server's time; a workstation clock that runs
 * fast or slow must not warn early or late.
 */
let serverClockOffsetMs = 0;
export function serverNow(): number {
  return Date.now() + serverClockOffsetMs;
}
function noteServerClock(res: Response): void {
  const date = Date.parse(res.headers.get('date') ?? '');
  if (Number.isFinite(date)) serverClockOffsetMs = date - Date.now();
}

export interface ApiOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function withQuery(path: string, query: ApiOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Calls the API with the session cookie; JSON in and out; problem+json becomes ApiError. */
export async function api<T>(method: string, path: string, opts: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'service.unavailable',
      detail: 'The server could not be reached. Check the connection and try again.',
    });
  }
  noteServerClock(res);
  if (res.status !== 401) for (const l of sessionActivityListeners) l();
  if (res.status === 204) return undefined as T;
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const payload: unknown = isJson ? await res.json() : await res.text();
  if (!res.ok) {
    const problem: Problem =
      isJson && typeof payload === 'object' && payload !== null && 'code' in payload
        ? (payload as Problem)
        : {
            type: 'about:blank',
            title: res.statusText,
            status: res.status,
            code: 'internal.error',
            detail: `The server answered ${res.status}.`,
          };
    if (res.status === 401) for (const l of unauthenticatedListeners) l(problem.code);
    throw new ApiError(problem);
  }
  return payload as T;
}
