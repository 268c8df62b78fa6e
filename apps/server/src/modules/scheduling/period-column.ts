import { customType } from 'drizzle-orm/pg-core';

/** A half-open period [from, to) of instants. */
export interface Period {
  from: Date;
  to: Date;
}

/** PostgreSQL's range literal for a half-open period, e.g. `[2026-01-15T09:00:00.000Z,...)`. */
export function periodLiteral(p: Period): string {
  return `[${p.from.toISOString()},${p.to.toISOString()})`;
}

/**
 * Parses a tstzrange as node-postgres returns it, e.g.
 * `["2026-01-15 09:00:00+00","2026-01-15 09:30:00+00")`. Our periods are always bounded and
 * half-open (the tables' checks say so); anything else is a bug and throws.
 */
export function parsePeriod(text: string): Period {
  const m = /^\[("?)([^",]+)\1,("?)([^",]+)\3\)$/.exec(text);
  if (!m?.[2] || !m[4]) throw new Error('expected a bounded half-open tstzrange');
  return { from: new Date(m[2]), to: new Date(m[4]) };
}

/** A `tstzrange` column read and written as a Period. */
export const tstzPeriod = customType<{ data: Period; driverData: string }>({
  dataType: () => 'tstzrange',
  toDriver: periodLiteral,
  fromDriver: parsePeriod,
});

/** A `daterange` column of inclusive local dates; `until` null = unbounded. */
export const dateSpan = customType<{
  data: { from: string; until: string | null };
  driverData: string;
}>({
  dataType: () => 'daterange',
  toDriver: (d) => `[${d.from},${d.until ?? ''}]`,
  fromDriver: (text) => {
    // PostgreSQL canonicalises date ranges to [from,to): `[2026-01-01,2026-02-01)` or `[..,)`.
    const m = /^\[(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})?\)$/.exec(text);
    if (!m?.[1]) throw new Error('expected a daterange with a lower bound');
    if (!m[2]) return { from: m[1], until: null };
    const until = new Date(`${m[2]}T00:00:00Z`);
    until.setUTCDate(until.getUTCDate() - 1);
    return { from: m[1], until: until.toISOString().slice(0, 10) };
  },
});
