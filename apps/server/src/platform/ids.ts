import { v7 } from 'uuid';

/** Row ids are UUIDv7: time-ordered, so indexes stay compact and cursors sort by age. */
export function newId(): string {
  return v7();
}
