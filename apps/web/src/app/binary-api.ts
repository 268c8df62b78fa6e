import type { Problem } from '@meridian/contracts';
import { ApiError } from './api';

// Helpers for the API's binary routes (photos, card images), which `api` (JSON) does not serve.

/** A failed answer (problem+json or not) as the ApiError `api` would throw. */
export async function apiFailure(res: Response): Promise<ApiError> {
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const payload: unknown = isJson ? await res.json().catch(() => null) : null;
  if (typeof payload === 'object' && payload !== null && 'code' in payload) {
    return new ApiError(payload as Problem);
  }
  return new ApiError({
    type: 'about:blank',
    title: res.statusText,
    status: res.status,
    code: 'internal.error',
    detail: `The server answered ${res.status}.`,
  });
}

/**
 * A Blob as a data: URL. Tricky: images are shown this way, not as object URLs, because the
 * server's CSP allows `img-src 'self' data:` and refuses blob: URLs.
 */
export function blobAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // readAsDataURL always yields a string.
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('could not read the image'));
    reader.readAsDataURL(blob);
  });
}
