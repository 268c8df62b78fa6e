// What changed between two versions of a record's snapshot, for the history view.

export interface FieldChange {
  /** Dotted path, e.g. `name.family`; arrays are one field (`phones`, `addresses`). */
  path: string;
  /** Absent fields compare as null, so adding or clearing a field reads as null <-> value. */
  before: unknown;
  after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values; object key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!jsonEqual(a[key] ?? null, b[key] ?? null)) return false;
    return true;
  }
  return false;
}

/**
 * The changed fields from `before` to `after`, in the order of their keys. Objects are
 * walked into (`name.family`); arrays are compared whole, since list items have no
 * identity of their own and an item-by-item diff would mislead more than it tells.
 * `before` null (the first version) yields no changes.
 */
export function diffSnapshots(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): FieldChange[] {
  if (before === null) return [];
  const changes: FieldChange[] = [];
  walk(before, after, '', changes);
  return changes;
}

function walk(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix: string,
  out: FieldChange[],
): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const key of keys) {
    const path = prefix + key;
    const a = before[key] ?? null;
    const b = after[key] ?? null;
    if (isPlainObject(a) && isPlainObject(b)) {
      walk(a, b, `${path}.`, out);
    } else if (!jsonEqual(a, b)) {
      out.push({ path, before: a, after: b });
    }
  }
}

/** The changed fields' paths only (what an audit row may carry: no values). */
export function changedPaths(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  return diffSnapshots(before, after).map((c) => c.path);
}
