// The clinical bench's data, loaded in SQL after the demo seed and the generated patients:
// one heavy patient (1,000 encounters, each with a scored vital set of 10 observations =
// 10,000 observations, problems, prescriptions, allergies, lab orders with results) and a
// background of other patients' encounters and vital signs so the indexes are realistic.
import type pg from 'pg';

export interface ClinicalLoad {
  encounters: number;
  /** Observations per encounter of the heavy patient (one vital set of that many values). */
  observationsPerEncounter: 10;
  backgroundPatients: number;
  backgroundEncounters: number;
  /** Lab orders of the heavy patient (one per 5 encounters), each with `labTests` results. */
  labOrders: number;
  labTests: number;
}

/** The ten vital-sign observations of every bench vital set (LOINC, unit, value by b.g). */
const vitalValuesSql = `
  (values ('8480-6', 'Systolic blood pressure', 'mm[Hg]', (b.g % 40 + 100)::numeric),
          ('8462-4', 'Diastolic blood pressure', 'mm[Hg]', (b.g % 20 + 65)::numeric),
          ('8867-4', 'Heart rate', '/min', (b.g % 50 + 55)::numeric),
          ('9279-1', 'Respiratory rate', '/min', (b.g % 10 + 12)::numeric),
          ('8310-5', 'Body temperature', 'Cel', 36.5),
          ('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry', '%', 97),
          ('29463-7', 'Body weight', 'kg', 80),
          ('8302-2', 'Body height', 'cm', 175),
          ('39156-5', 'Body mass index (BMI) [Ratio]', 'kg/m2', 26.1),
          ('72514-3', 'Pain severity - 0-10 verbal numeric rating', '{score}',
           (b.g % 4)::numeric))
    as v(code, display, unit, value)`;

/** A NEWS2 total from 0 to 8 by index, with its band (no single red score). */
const news2Sql = (g: string) => ({
  total: `(${g} % 9)`,
  band: `case when ${g} % 9 <= 4 then 'low' when ${g} % 9 <= 6 then 'medium' else 'high' end`,
  alert: `(${g} % 9 >= 5)`,
});

/**
 * Inserts encounters (every 3 days back from now), a vital set per encounter and its ten
 * observations for the patients of `patients_sql` (columns: pid, n = encounters).
 */
async function loadVisits(
  c: pg.Client,
  patientsSql: string,
  recordedBy: string,
  facilityId: string,
): Promise<void> {
  await c.query(`
    create temporary table bench_visit on commit drop as
    select gen_random_uuid() as encounter_id, gen_random_uuid() as vital_set_id, p.pid,
           g, now() - g * interval '3 days' - (p.k % 600) * interval '1 minute' as started_at
      from (${patientsSql}) p, generate_series(1, p.n) g`);
  await c.query(
    `insert into encounter (id, patient_id, facility_id, class, status, type_code, type_display,
                            reason, started_at, ended_at, created_by, updated_by)
     select encounter_id, pid, $2, case when g % 10 = 0 then 'virtual' else 'ambulatory' end,
            'finished', '185349003', 'Encounter for check up', 'Bench visit ' || g, started_at,
            started_at + interval '30 minutes', $1, $1
       from bench_visit`,
    [recordedBy, facilityId],
  );
  const n = news2Sql('g');
  await c.query(
    `insert into vital_set (id, patient_id, encounter_id, taken_at, recorded_by, consciousness,
                            news2_total, news2_band, news2_alert, news2_scores)
     select vital_set_id, pid, encounter_id, started_at + interval '10 minutes', $1, 'A',
            ${n.total}, ${n.band}, ${n.alert},
            jsonb_build_object('respiratoryRate', 0, 'spo2', 0, 'airOrOxygen', 0,
                               'systolic', 0, 'pulse', ${n.total}, 'consciousness', 0,
                               'temperature', 0)
       from bench_visit`,
    [recordedBy],
  );
  await c.query(
    `insert into observation (id, patient_id, encounter_id, vital_set_id, category, code, display,
                              value_numeric, unit, effective_at, recorded_by)
     select gen_random_uuid(), b.pid, b.encounter_id, b.vital_set_id, 'vital-signs', v.code,
            v.display, v.value, v.unit, b.started_at + interval '10 minutes', $1
       from bench_visit b, lateral ${vitalValuesSql}`,
    [recordedBy],
  );
}

/**
 * Loads everything and returns the heavy patient's id. One transaction per part, so a
 * failure leaves a database that is dropped anyway.
 */
export async function loadClinical(c: pg.Client, o: ClinicalLoad): Promise<string> {
  const ids = await c.query<{ physician: string; facility: string }>(`
    select (select id from user_account where email = 'physician@meridian.example') as physician,
           (select id from facility where code = 'MGH') as facility`);
  const physician = ids.rows[0]?.physician;
  const facility = ids.rows[0]?.facility;
  if (!physician || !facility) throw new Error('the demo seed has no physician or no MGH');
  // Patients anyone with clinical.read may open (no flags), in MRN order; the first is heavy.
  await c.query(`
    create table bench_patient as
    select (row_number() over (order by p.mrn) - 1)::int as idx, p.id
      from patient p
     where p.status = 'active' and not p.deceased
       and not (p.flag_vip or p.flag_employee or p.flag_confidential)`);
  await c.query('create unique index on bench_patient (idx)');
  const heavy = (await c.query<{ id: string }>('select id from bench_patient where idx = 0'))
    .rows[0]?.id;
  if (!heavy) throw new Error('no bench patient');

  await c.query('begin');
  await loadVisits(
    c,
    `select id as pid, ${o.encounters} as n, 0 as k from bench_patient where idx = 0`,
    physician,
    facility,
  );
  await c.query('commit');
  await c.query('begin');
  await loadVisits(
    c,
    `select id as pid, ${o.backgroundEncounters} as n, idx as k from bench_patient
      where idx between 1 and ${o.backgroundPatients}`,
    physician,
    facility,
  );
  await c.query('commit');

  await c.query('begin');
  // Problems: 30 distinct billable codes, two thirds active.
  await c.query(
    `insert into problem (id, patient_id, icd10cm_code, display, onset_date, abatement_date,
                          clinical_status, verification_status, recorded_by, recorded_at)
     select gen_random_uuid(), $1, code, short_description, current_date - 3000 + n * 50,
            case when n % 3 = 2 then current_date - 100 end,
            case when n % 3 = 2 then 'resolved' else 'active' end, 'confirmed', $2,
            now() - (30 - n) * interval '60 days'
       from (select code, short_description, (row_number() over (order by tabular_order))::int as n
               from icd10cm_code
              where billable and is_current and (code like 'E1%' or code like 'I1%')
              order by tabular_order limit 30) c`,
    [heavy, physician],
  );
  // Allergies: a drug class, a drug, a food and an environmental one.
  await c.query(
    `insert into allergy_intolerance (id, patient_id, category, substance_system, substance_code,
                                      substance_display, criticality, reactions, recorded_by,
                                      recorded_at)
     values (gen_random_uuid(), $1, 'medication', 'drug-class', 'penicillins', 'Penicillins',
             'high', '[]', $2, now() - interval '3 years'),
            (gen_random_uuid(), $1, 'medication', 'rxnorm', '2670', 'codeine', 'low', '[]', $2,
             now() - interval '2 years'),
            (gen_random_uuid(), $1, 'food', 'snomed', '256349002', 'Peanut', 'high', '[]', $2,
             now() - interval '1 year'),
            (gen_random_uuid(), $1, 'environment', 'snomed', '111088007', 'Latex', 'low', '[]',
             $2, now() - interval '6 months')`,
    [heavy, physician],
  );
  // Prescriptions: an oral tablet of each ingredient; 8 active, and 40 stopped before them.
  await c.query(
    `with products as (
       select distinct on (i.ingredient_rxcui) i.ingredient_rxcui, p.rxcui, p.name
         from drug_product p join drug_product_ingredient i on i.product_rxcui = p.rxcui
        where p.is_active and p.form_unit = 'tablet' and p.route = 'oral'
          and i.ingredient_rxcui in ('11289', '83367', '29046', '6809', '17767', '4603',
                                     '6918', '7646')
          and (select count(*) from drug_product_ingredient x where x.product_rxcui = p.rxcui) = 1
        order by i.ingredient_rxcui, i.mg_per_unit)
     insert into prescription (id, patient_id, product_rxcui, product_display, dose_value,
                               dose_unit, route, frequency, refills, status, prescriber_id,
                               starts_at, ends_at, signed_at, signed_by, stopped_at,
                               status_reason)
     select gen_random_uuid(), $1, p.rxcui, p.name, 1, 'tablet', 'oral', 'once_daily', 0,
            case when k = 0 then 'active' else 'stopped' end, $2,
            now() - (k * 90 + 30) * interval '1 day', null,
            now() - (k * 90 + 30) * interval '1 day', $2,
            case when k > 0 then now() - (k * 90 - 50) * interval '1 day' end,
            case when k > 0 then 'Bench history' end
       from products p, generate_series(0, 5) k`,
    [heavy, physician],
  );
  // Lab orders with results, one per 5 encounters, each with the first numeric tests.
  await c.query(
    `create temporary table bench_lab_order on commit drop as
     select gen_random_uuid() as id, e.started_at + interval '15 minutes' as at
       from (select started_at, row_number() over (order by started_at) as n
               from encounter where patient_id = $1) e
      where e.n % 5 = 0 limit $2`,
    [heavy, o.labOrders],
  );
  await c.query(
    `insert into lab_order (id, patient_id, facility_id, priority, status, report_status,
                            ordered_by, ordered_at, specimen_type, collected_at, collected_by,
                            resulted_at)
     select id, $1, $2, 'routine', 'resulted', 'final', $3, at, 'venous_blood',
            at + interval '5 minutes', $3, at + interval '2 hours'
       from bench_lab_order`,
    [heavy, facility, physician],
  );
  await c.query(
    `create temporary table bench_lab_test on commit drop as
     select code, unit, (row_number() over (order by position, code))::int as position
       from lab_test where kind = 'test' and value_type = 'numeric' and is_orderable
      order by position, code limit $1`,
    [o.labTests],
  );
  await c.query(`
    insert into lab_order_item (order_id, test_code, position)
    select o.id, t.code, t.position from bench_lab_order o, bench_lab_test t`);
  await c.query(
    `insert into lab_result (id, order_id, patient_id, test_code, status, value_numeric, unit,
                             entered_value, entered_unit, observed_at, revision, resulted_at,
                             resulted_by)
     select gen_random_uuid(), o.id, $1, t.code, 'final', 10 + t.position, t.unit,
            10 + t.position, t.unit, o.at + interval '5 minutes', 1, o.at + interval '2 hours', $2
       from bench_lab_order o, bench_lab_test t`,
    [heavy, physician],
  );
  // Every result's current revision is in its history (checked at commit).
  await c.query(
    `insert into lab_result_revision (result_id, revision, status, value_numeric, unit,
                                      entered_value, entered_unit, recorded_by, recorded_at)
     select id, revision, status, value_numeric, unit, entered_value, entered_unit, resulted_by,
            resulted_at
       from lab_result where patient_id = $1`,
    [heavy],
  );
  await c.query('commit');
  await c.query('analyze');
  return heavy;
}

/** Rows the heavy patient has, by table (checked against the goals' scale). */
export async function heavyCounts(
  c: pg.Client,
  patientId: string,
): Promise<Record<string, number>> {
  const { rows } = await c.query<Record<string, string>>(
    `select (select count(*) from encounter where patient_id = $1) as encounters,
            (select count(*) from observation where patient_id = $1) as observations,
            (select count(*) from vital_set where patient_id = $1) as "vitalSets",
            (select count(*) from problem where patient_id = $1) as problems,
            (select count(*) from prescription where patient_id = $1) as prescriptions,
            (select count(*) from allergy_intolerance where patient_id = $1) as allergies,
            (select count(*) from lab_result where patient_id = $1) as "labResults",
            (select count(*) from patient) as "patientsInDatabase",
            (select count(*) from encounter) as "encountersInDatabase",
            (select count(*) from observation) as "observationsInDatabase"`,
    [patientId],
  );
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}
