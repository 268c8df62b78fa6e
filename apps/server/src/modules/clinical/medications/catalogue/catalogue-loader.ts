// Loading the catalogue files into the drug_* tables (migration 0440): an upsert of every
// row in one transaction under an advisory lock, skipped when the loaded digest matches.
// Rows are never deleted, so prescriptions keep their product when a file drops it.
import { sql } from 'drizzle-orm';
import type { DbOrTx, Db } from '../../../../platform/db.js';
import type { Clock } from '../../../../platform/clock.js';
import { readCatalogueFiles, type CatalogueRows } from './catalogue-files.js';

/** Advisory lock key (class 440 = migration 0440) so concurrent starts load once. */
const lockKey = 440_001;

let parsed: CatalogueRows | null = null;

/** Loads the catalogue files unless this digest is already loaded. Returns whether it loaded. */
export async function ensureDrugCatalogue(db: Db, clock: Clock): Promise<boolean> {
  parsed ??= readCatalogueFiles();
  const rows = parsed;
  const current = await db.execute<{ digest: string }>(sql`select digest from drug_catalogue_load`);
  if (current.rows[0]?.digest === rows.digest) return false;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockKey})`);
    const again = await tx.execute<{ digest: string }>(sql`select digest from drug_catalogue_load`);
    if (again.rows[0]?.digest === rows.digest) return false;
    await writeCatalogue(tx, rows);
    await tx.execute(sql`
      insert into drug_catalogue_load (id, digest, loaded_at)
      values (true, ${rows.digest}, ${clock.now()})
      on conflict (id) do update set digest = excluded.digest, loaded_at = excluded.loaded_at`);
    return true;
  });
}

/** Each table as one statement from a JSON array, so a load is a handful of round trips. */
async function writeCatalogue(tx: DbOrTx, rows: CatalogueRows): Promise<void> {
  const json = (v: unknown) => JSON.stringify(v);
  await tx.execute(sql`
    insert into drug_class (code, name, kind, is_duplicate_checked, is_allergy_class)
    select code, name, kind, "isDuplicateChecked", "isAllergyClass"
      from json_to_recordset(${json(rows.classes)}::json)
      as t(code text, name text, kind text, "isDuplicateChecked" boolean, "isAllergyClass" boolean)
    on conflict (code) do update set name = excluded.name, kind = excluded.kind,
      is_duplicate_checked = excluded.is_duplicate_checked,
      is_allergy_class = excluded.is_allergy_class`);
  await tx.execute(sql`
    insert into drug_ingredient (rxcui, name, max_daily_mg, max_daily_note, source)
    select rxcui, name, "maxDailyMg", "maxDailyNote", source
      from json_to_recordset(${json(rows.ingredients)}::json)
      as t(rxcui text, name text, "maxDailyMg" numeric, "maxDailyNote" text, source text)
    on conflict (rxcui) do update set name = excluded.name, max_daily_mg = excluded.max_daily_mg,
      max_daily_note = excluded.max_daily_note, source = excluded.source`);
  const memberships = rows.ingredients.flatMap((i) =>
    i.classes.map((c) => ({ rxcui: i.rxcui, classCode: c })),
  );
  // Class membership is replaced whole: a class dropped from a row stops matching.
  await tx.execute(sql`delete from drug_ingredient_class`);
  await tx.execute(sql`
    insert into drug_ingredient_class (rxcui, class_code)
    select rxcui, "classCode" from json_to_recordset(${json(memberships)}::json)
      as t(rxcui text, "classCode" text)`);
  await tx.execute(sql`
    insert into drug_product (rxcui, name, tty, dose_form, route, form_unit, source)
    select rxcui, name, tty, "doseForm", route, "formUnit", source
      from json_to_recordset(${json(rows.products)}::json)
      as t(rxcui text, name text, tty text, "doseForm" text, route text, "formUnit" text,
           source text)
    on conflict (rxcui) do update set name = excluded.name, tty = excluded.tty,
      dose_form = excluded.dose_form, route = excluded.route, form_unit = excluded.form_unit,
      source = excluded.source, is_active = true`);
  const parts = rows.products.flatMap((p) =>
    p.ingredients.map((i) => ({ product: p.rxcui, ingredient: i.rxcui, mg: i.mgPerUnit })),
  );
  await tx.execute(sql`
    insert into drug_product_ingredient (product_rxcui, ingredient_rxcui, mg_per_unit)
    select product, ingredient, mg from json_to_recordset(${json(parts)}::json)
      as t(product text, ingredient text, mg numeric)
    on conflict (product_rxcui, ingredient_rxcui) do update set mg_per_unit = excluded.mg_per_unit`);
  await tx.execute(sql`delete from drug_class_cross_sensitivity`);
  await tx.execute(sql`
    insert into drug_class_cross_sensitivity (allergy_class, drug_class, risk, reason, source)
    select "allergyClass", "drugClass", risk, reason, source
      from json_to_recordset(${json(rows.crossSensitivity)}::json)
      as t("allergyClass" text, "drugClass" text, risk text, reason text, source text)`);
  await tx.execute(sql`delete from drug_interaction_rule`);
  await tx.execute(sql`
    insert into drug_interaction_rule (id, group_a, group_b, severity, reason, management, source)
    select id, "groupA", "groupB", severity, reason, management, source
      from json_to_recordset(${json(rows.interactions)}::json)
      as t(id text, "groupA" text, "groupB" text, severity text, reason text, management text,
           source text)`);
}
