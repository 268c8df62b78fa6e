import { sql } from 'drizzle-orm';
import type { DrugClass, DrugHit, FormUnit } from '@meridian/contracts';
import type { DbOrTx } from '../../../../platform/db.js';

/** `%` and `_` typed by the user match themselves. */
function likeContains(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type HitRow = {
  type: 'product' | 'ingredient';
  rxcui: string;
  name: string;
  dose_form: string | null;
  route: string | null;
  form_unit: FormUnit | null;
  ingredients: { rxcui: string; name: string; mgPerUnit: number }[];
  classes: string[] | null;
};

/**
 * Type-ahead over products and ingredients: names containing the words' text, those that
 * start with it first, then shorter names. A few hundred rows: the scan is sub-millisecond.
 */
export async function searchDrugs(
  db: DbOrTx,
  q: { text: string; type?: 'product' | 'ingredient' | undefined; limit: number },
): Promise<DrugHit[]> {
  const pattern = likeContains(q.text);
  const prefix = q.text.toLowerCase();
  const { rows } = await db.execute<HitRow>(sql`
    with hits as (
      select 'product' as type, p.rxcui, p.name, p.dose_form, p.route, p.form_unit
        from drug_product p
       where p.is_active and lower(p.name) like ${pattern}
         and ${q.type ?? null}::text is distinct from 'ingredient'
      union all
      select 'ingredient', i.rxcui, i.name, null, null, null
        from drug_ingredient i
       where lower(i.name) like ${pattern}
         and ${q.type ?? null}::text is distinct from 'product'
    )
    select h.*,
      coalesce((select json_agg(json_build_object('rxcui', i.rxcui, 'name', i.name,
                                                  'mgPerUnit', pi.mg_per_unit) order by i.name)
                  from drug_product_ingredient pi join drug_ingredient i on i.rxcui = pi.ingredient_rxcui
                 where h.type = 'product' and pi.product_rxcui = h.rxcui), '[]') as ingredients,
      (select array_agg(distinct ic.class_code order by ic.class_code)
         from drug_ingredient_class ic join drug_class c on c.code = ic.class_code
        where c.kind = 'pharmacologic'
          and ic.rxcui in (select h.rxcui where h.type = 'ingredient'
                           union all
                           select pi.ingredient_rxcui from drug_product_ingredient pi
                            where h.type = 'product' and pi.product_rxcui = h.rxcui)) as classes
      from hits h
     order by (lower(h.name) like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}) desc,
              h.type = 'ingredient' desc, length(h.name), h.name
     limit ${q.limit}`);
  return rows.map((r) => ({
    type: r.type,
    rxcui: r.rxcui,
    name: r.name,
    doseForm: r.dose_form,
    route: r.route,
    formUnit: r.form_unit,
    ingredients: r.ingredients.map((i) => ({ ...i, mgPerUnit: Number(i.mgPerUnit) })),
    classes: r.classes ?? [],
  }));
}

export async function listDrugClasses(
  db: DbOrTx,
  kind: 'pharmacologic' | 'interaction' | undefined,
): Promise<DrugClass[]> {
  const { rows } = await db.execute<{
    code: string;
    name: string;
    kind: DrugClass['kind'];
    n: number;
  }>(sql`
    select c.code, c.name, c.kind, count(ic.rxcui)::int as n
      from drug_class c left join drug_ingredient_class ic on ic.class_code = c.code
     where ${kind ?? null}::text is null or c.kind = ${kind ?? null}
     group by c.code order by c.name`);
  return rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, memberCount: r.n }));
}

export interface ProductFacts {
  rxcui: string;
  name: string;
  route: string;
  formUnit: FormUnit;
  isActive: boolean;
  ingredients: { rxcui: string; name: string; mgPerUnit: number }[];
}

/** A catalogue product with its ingredients, or null when the catalogue lacks it. */
export async function findProduct(db: DbOrTx, rxcui: string): Promise<ProductFacts | null> {
  const { rows } = await db.execute<{
    rxcui: string;
    name: string;
    route: string;
    form_unit: FormUnit;
    is_active: boolean;
    ingredients: { rxcui: string; name: string; mgPerUnit: number }[];
  }>(sql`
    select p.rxcui, p.name, p.route, p.form_unit, p.is_active,
      coalesce((select json_agg(json_build_object('rxcui', i.rxcui, 'name', i.name,
                                                  'mgPerUnit', pi.mg_per_unit))
                  from drug_product_ingredient pi join drug_ingredient i on i.rxcui = pi.ingredient_rxcui
                 where pi.product_rxcui = p.rxcui), '[]') as ingredients
      from drug_product p where p.rxcui = ${rxcui}`);
  const r = rows[0];
  if (!r) return null;
  return {
    rxcui: r.rxcui,
    name: r.name,
    route: r.route,
    formUnit: r.form_unit,
    isActive: r.is_active,
    ingredients: r.ingredients.map((i) => ({ ...i, mgPerUnit: Number(i.mgPerUnit) })),
  };
}
