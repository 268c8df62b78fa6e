/** Stable JSON: object keys sorted, so `{a,b}` equals `{b,a}` (jsonb reorders keys). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * The fields of a PATCH that really change the row: keys left out (undefined) and values
 * equal to the current ones are dropped, so a no-op edit neither bumps the version nor
 * writes an audit event.
 */
export function pickChanges<T extends object>(current: T, patch: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const next = patch[key];
    if (next === undefined) continue;
    if (canonical(next) !== canonical(current[key])) out[key] = next;
  }
  return out;
}
