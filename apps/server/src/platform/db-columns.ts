import { timestamp } from 'drizzle-orm/pg-core';

/** A `timestamptz` column, read and written as a Date: every instant we store is one. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
