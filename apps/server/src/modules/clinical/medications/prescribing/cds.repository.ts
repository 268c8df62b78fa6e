// The facts one decision-support check needs, in four indexed queries: the candidate's
// ingredients, the patient's other active drugs, the allergies (in a savepoint, so a failure
// becomes a 'check could not run' alert rather than an error), and the rule knowledge.
import { sql } from 'drizzle-orm';
import {
  doseMg,
  frequencyDefs,
  maxDosesPerDay,
  type DoseUnit,
  type FrequencyCode,
} from '@meridian/contracts';
import type { DbOrTx } from '../../../../platform/db.js';
import type {
  AllergyFacts,
  DrugIngredientFacts,
  Knowledge,
  OtherDrug,
} from './decision-support.js';

export async function candidateIngredients(
  db: DbOrTx,
  productRxcui: string,
): Promise<DrugIngredientFacts[]> {
  const { rows } = await db.execute<{
    rxcui: string;
    name: string;
    mg_per_unit: string;
    max_daily_mg: string | null;
    max_daily_note: string | null;
    classes: string[];
  }>(sql`
    select i.rxcui, i.name, pi.mg_per_unit, i.max_daily_mg, i.max_daily_note,
           coalesce(array_agg(ic.class_code) filter (where ic.class_code is not null), '{}') as classes
      from drug_product_ingredient pi
      join drug_ingredient i on i.rxcui = pi.ingredient_rxcui
      left join drug_ingredient_class ic on ic.rxcui = i.rxcui
     where pi.product_rxcui = ${productRxcui}
     group by i.rxcui, pi.mg_per_unit`);
  return rows.map((r) => ({
    rxcui: r.rxcui,
    name: r.name,
    mgPerUnit: Number(r.mg_per_unit),
    classes: r.classes,
    maxDailyMg: r.max_daily_mg === null ? null : Number(r.max_daily_mg),
    maxDailyNote: r.max_daily_note,
  }));
}

type OtherRow = {
  kind: 'prescription' | 'home_medication';
  id: string;
  display: string;
  route: string | null;
  dose_value: string | null;
  dose_unit: string | null;
  frequency: string | null;
  is_prn: boolean;
  prn_max_doses_per_day: number | null;
  ingredients: { rxcui: string; name: string; mgPerUnit: number; classes: string[] }[] | null;
};

/** mg per day of each ingredient of an order, where its dose and frequency say. */
function dailyMgOf(r: OtherRow): Record<string, number> {
  const out: Record<string, number> = {};
  if (r.kind !== 'prescription' || !r.ingredients || !r.dose_value || !r.dose_unit) return out;
  if (!r.frequency || !(r.frequency in frequencyDefs)) return out;
  const unit = r.dose_unit as DoseUnit;
  const isMass = unit === 'mg' || unit === 'mcg' || unit === 'g';
  if (isMass && r.ingredients.length > 1) return out;
  const perDay = maxDosesPerDay({
    frequency: r.frequency as FrequencyCode,
    isPrn: r.is_prn,
    prnMaxDosesPerDay: r.prn_max_doses_per_day,
  });
  for (const i of r.ingredients) {
    const mg = doseMg(Number(r.dose_value), unit, Number(i.mgPerUnit));
    if (mg !== null) out[i.rxcui] = mg * perDay;
  }
  return out;
}

/**
 * The patient's active prescriptions (but `exceptIds`: the one being checked and the one it
 * replaces) and active home medications, with their catalogue ingredients (null: not coded).
 */
export async function otherActiveDrugs(
  db: DbOrTx,
  patientId: string,
  exceptIds: string[],
): Promise<OtherDrug[]> {
  const { rows } = await db.execute<OtherRow>(sql`
    with meds as (
      select 'prescription' as kind, p.id, p.product_display as display, p.route, p.product_rxcui,
             p.dose_value, p.dose_unit, p.frequency, p.is_prn, p.prn_max_doses_per_day, p.created_at
        from prescription p
       where p.patient_id = ${patientId} and p.status = 'active'
         and p.id <> all(${`{${exceptIds.join(',')}}`}::uuid[])
      union all
      select 'home_medication', h.id, h.display, null, h.product_rxcui,
             h.dose_value, h.dose_unit, h.frequency, false, null, h.created_at
        from home_medication h
       where h.patient_id = ${patientId} and h.status = 'active'
    )
    select m.kind, m.id, m.display, m.route, m.dose_value, m.dose_unit, m.frequency, m.is_prn,
           m.prn_max_doses_per_day,
           (select json_agg(json_build_object(
                     'rxcui', i.rxcui, 'name', i.name, 'mgPerUnit', pi.mg_per_unit,
                     'classes', coalesce((select array_agg(ic.class_code) from drug_ingredient_class ic
                                           where ic.rxcui = i.rxcui), '{}')))
              from drug_product_ingredient pi join drug_ingredient i on i.rxcui = pi.ingredient_rxcui
             where pi.product_rxcui = m.product_rxcui) as ingredients
      from meds m order by m.created_at, m.id`);
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    display: r.display,
    route: r.route,
    ingredients:
      r.ingredients?.map((i) => ({ rxcui: i.rxcui, name: i.name, classes: i.classes })) ?? null,
    dailyMg: dailyMgOf(r),
  }));
}

/**
 * The allergies in force (active, not refuted or entered in error; migration 0430). Read in
 * a savepoint: null when the list cannot be read, which the check reports as an alert.
 */
export async function allergiesInForce(
  db: DbOrTx,
  patientId: string,
): Promise<AllergyFacts[] | null> {
  try {
    return await db.transaction(async (sp) => {
      const { rows } = await sp.execute<{
        id: string;
        category: string;
        substance_system: AllergyFacts['substanceSystem'];
        substance_code: string | null;
        substance_display: string;
        criticality: string;
        classes: string[];
      }>(sql`
        select a.id, a.category, a.substance_system, a.substance_code, a.substance_display,
               a.criticality,
               coalesce((select array_agg(ic.class_code)
                           from drug_ingredient_class ic
                           join drug_class c on c.code = ic.class_code and c.is_allergy_class
                          where a.substance_system = 'rxnorm' and ic.rxcui = a.substance_code),
                        '{}') as classes
          from allergy_intolerance a
         where a.patient_id = ${patientId} and a.clinical_status = 'active'
           and a.verification_status in ('unconfirmed', 'confirmed')`);
      return rows.map((r) => ({
        id: r.id,
        category: r.category,
        substanceSystem: r.substance_system,
        substanceCode: r.substance_code,
        substanceDisplay: r.substance_display,
        criticality: r.criticality,
        ingredientAllergyClasses: r.classes,
      }));
    });
  } catch {
    return null;
  }
}

/** The interaction rules, cross-sensitivities and class names, and the patient's birth date. */
export async function knowledgeAndBirthDate(
  db: DbOrTx,
  patientId: string,
): Promise<{ knowledge: Knowledge; birthDate: string | null }> {
  const { rows } = await db.execute<{
    rules: Knowledge['rules'] | null;
    cross: Knowledge['crossSensitivity'] | null;
    dup: Record<string, string> | null;
    names: Record<string, string> | null;
    birth_date: string | null;
  }>(sql`
    select
      (select json_agg(json_build_object('id', id, 'groupA', group_a, 'groupB', group_b,
                'severity', severity, 'reason', reason, 'management', management,
                'source', source) order by id) from drug_interaction_rule) as rules,
      (select json_agg(json_build_object('allergyClass', allergy_class, 'drugClass', drug_class,
                'risk', risk, 'reason', reason, 'source', source))
         from drug_class_cross_sensitivity) as cross,
      (select json_object_agg(code, name) from drug_class where is_duplicate_checked) as dup,
      (select json_object_agg(code, name) from drug_class) as names,
      (select birth_date::text from patient where id = ${patientId}) as birth_date`);
  const r = rows[0];
  return {
    knowledge: {
      rules: r?.rules ?? [],
      crossSensitivity: r?.cross ?? [],
      duplicateClasses: r?.dup ?? {},
      classNames: r?.names ?? {},
    },
    birthDate: r?.birth_date ?? null,
  };
}
