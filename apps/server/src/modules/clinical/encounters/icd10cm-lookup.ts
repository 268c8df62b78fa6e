import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db.js';

export interface Icd10cmFacts {
  code: string;
  billable: boolean;
  isCurrent: boolean;
  description: string;
}

/** The code in the loaded ICD-10-CM code set (migration 0420's icd10cm_code), or undefined. */
export async function findIcd10cmCode(tx: DbOrTx, code: string): Promise<Icd10cmFacts | undefined> {
  const { rows } = await tx.execute<{
    code: string;
    billable: boolean;
    is_current: boolean;
    long_description: string;
  }>(sql`select code, billable, is_current, long_description
           from icd10cm_code where code = ${code}`);
  const row = rows[0];
  return row
    ? {
        code: row.code,
        billable: row.billable,
        isCurrent: row.is_current,
        description: row.long_description.slice(0, 300),
      }
    : undefined;
}
