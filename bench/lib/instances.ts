import {
  demoPassword,
  sessionState,
  signInViaApi,
  type MeridianServer,
} from '../../tools/meridian-server.js';
import { timedRequest, type Timed } from './http.js';

/** A running server and the session cookie the bench uses on it. */
export interface Instance {
  server: MeridianServer;
  cookie: string;
}

/** Signs `email` (a demo user, no second factor) in through the API. */
export async function signIn(server: MeridianServer, email: string): Promise<Instance> {
  const res = await signInViaApi(server.baseUrl, email, demoPassword);
  if (res.status !== 200 || !res.cookie || sessionState(res.body) !== 'active') {
    throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { server, cookie: res.cookie };
}

export function get(i: Instance, pathAndQuery: string): Promise<Timed> {
  return timedRequest(`${i.server.baseUrl}${pathAndQuery}`, { headers: { cookie: i.cookie } });
}

/** A state-changing request as the web app sends it (same-origin Origin header). */
export function send(
  i: Instance,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  pathAndQuery: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Timed> {
  return timedRequest(`${i.server.baseUrl}${pathAndQuery}`, {
    method,
    headers: {
      cookie: i.cookie,
      'content-type': 'application/json',
      origin: i.server.baseUrl,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** The problem's `code` of a refusal, else the status as text. */
export function outcome(res: Timed): string {
  return res.status >= 400 &&
    typeof res.body === 'object' &&
    res.body !== null &&
    'code' in res.body
    ? String(res.body.code)
    : String(res.status);
}
