-- Lab orders and results (issue 6 point 8): the order catalogue (LOINC-coded tests and
-- panels with UCUM units, reference ranges and critical limits), orders that move
-- ordered -> collected -> resulted (or cancelled before results), results per component
-- with computed flags and an append-only revision history, and the acknowledgement of
-- critical results with escalation.
--
-- Invariants held here (the services give the friendly refusals):
--   - an order's columns match its status (collected orders have a collection, cancelled
--     ones a reason, resulted ones a report status);
--   - one result per order and component; a result holds exactly one value;
--   - a result that is final is never edited in place: it changes only by amendment
--     (lab_result_final_amend_only), and every value a result ever had is a row of the
--     append-only lab_result_revision (lab_result_revision_exists checks at commit);
--   - one critical alert per result revision; acknowledged alerts name who and when.
-- Clinical-table conventions (migration 0400): patient_id, nullable encounter_id, rows never
-- deleted, `version` for If-Match, source_system/source_id unique together for importers.
-- LOINC codes (c) Regenstrief Institute, Inc. (see modules/clinical/labs/SOURCE.md).

-- ---- Catalogue ----

create table lab_test (
  code text primary key check (code ~ '^[0-9]{1,7}-[0-9]$'),
  -- LOINC's long common name, and the short name clinicians use (K, Hgb, TSH).
  name text not null check (length(name) between 1 and 200),
  short_name text not null check (length(short_name) between 1 and 40),
  kind text not null check (kind in ('panel', 'test')),
  specimen text not null check (specimen in ('blood', 'serum_plasma', 'plasma', 'urine')),
  value_type text check (value_type in ('numeric', 'coded')),
  -- UCUM unit the result is stored and flagged in; decimals shown and stored.
  unit text check (length(unit) between 1 and 40),
  decimals smallint check (decimals between 0 and 4),
  -- Coded results: the answers allowed, and those that are normal (others flag A).
  answers text[],
  normal_answers text[],
  is_orderable boolean not null,
  -- Words a clinician may type for it (abbreviations, common names), for the type-ahead.
  synonyms text not null default '',
  position smallint not null default 0,
  constraint lab_test_panel_has_no_value check ((kind = 'panel') = (value_type is null)),
  constraint lab_test_numeric_has_unit
    check (value_type is distinct from 'numeric' or (unit is not null and decimals is not null)),
  constraint lab_test_coded_has_answers
    check (value_type is distinct from 'coded' or (answers is not null and normal_answers is not null
                                                   and normal_answers <@ answers))
);

create table lab_panel_member (
  panel_code text not null references lab_test (code),
  member_code text not null references lab_test (code),
  position smallint not null,
  primary key (panel_code, member_code),
  constraint lab_panel_member_not_self check (panel_code <> member_code)
);

-- Units a result may be entered in besides the test's own: value in the test's unit =
-- entered value x factor (SI conversion factors; molar masses for mass <-> moles).
create table lab_unit_conversion (
  test_code text not null references lab_test (code),
  unit text not null check (length(unit) between 1 and 40),
  factor numeric not null check (factor > 0),
  primary key (test_code, unit)
);

-- Reference ranges and critical limits in the test's unit, by sex (any, female, male) and
-- age band [age_from_years, age_to_years). The most specific matching row applies: a
-- sex-specific row before an `any` row. A null bound means no limit on that side.
create table lab_reference_range (
  test_code text not null references lab_test (code),
  sex text not null check (sex in ('any', 'female', 'male')),
  age_from_years smallint not null default 0 check (age_from_years >= 0),
  age_to_years smallint,
  low numeric,
  high numeric,
  critical_low numeric,
  critical_high numeric,
  primary key (test_code, sex, age_from_years),
  constraint lab_reference_range_ages check (age_to_years is null or age_to_years > age_from_years),
  constraint lab_reference_range_order check (low is null or high is null or low <= high),
  constraint lab_reference_range_critical_outside
    check ((critical_low is null or low is null or critical_low <= low)
           and (critical_high is null or high is null or critical_high >= high))
);

-- ---- Orders ----

-- Human-facing accession numbers (shown as L0000123).
create sequence lab_order_number_seq;

create table lab_order (
  id uuid primary key,
  order_number bigint not null default nextval('lab_order_number_seq'),
  patient_id uuid not null references patient (id),
  encounter_id uuid references encounter (id),
  -- Null only for orders imported from elsewhere; ours are worked by a facility's lab.
  facility_id uuid references facility (id),
  priority text not null check (priority in ('routine', 'urgent', 'stat')),
  status text not null check (status in ('ordered', 'collected', 'resulted', 'cancelled')),
  report_status text check (report_status in ('preliminary', 'final', 'amended')),
  clinical_note text check (length(clinical_note) <= 2000),
  ordered_by uuid references user_account (id),
  ordered_at timestamptz not null,
  specimen_type text check (specimen_type in ('venous_blood', 'arterial_blood', 'capillary_blood',
                                              'serum', 'plasma', 'urine_midstream',
                                              'urine_catheter')),
  collected_at timestamptz,
  collected_by uuid references user_account (id),
  resulted_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid references user_account (id),
  cancel_reason text check (length(cancel_reason) between 1 and 500),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint lab_order_number_unique unique (order_number),
  constraint lab_order_ours_have_facility check (facility_id is not null or source_system is not null),
  -- Collected and resulted orders have their collection (what, when).
  constraint lab_order_collection_shape
    check (status not in ('collected', 'resulted')
           or (collected_at is not null and specimen_type is not null)),
  constraint lab_order_collected_after_order check (collected_at is null or collected_at >= ordered_at),
  constraint lab_order_cancel_shape
    check ((status = 'cancelled') = (cancelled_at is not null and cancel_reason is not null)),
  -- Results exist exactly when the order is resulted; cancelling needs none (lab_result's
  -- trigger refuses results on a cancelled order).
  constraint lab_order_report_shape check ((status = 'resulted') = (report_status is not null)),
  constraint lab_order_source_whole check ((source_system is null) = (source_id is null)),
  constraint lab_order_source_unique unique (source_system, source_id)
);
create index lab_order_patient_recent on lab_order (patient_id, ordered_at desc, id desc);
-- The lab's worklist: orders awaiting collection or (final) results, oldest first.
create index lab_order_worklist on lab_order (facility_id, ordered_at, id)
  where status in ('ordered', 'collected') or report_status = 'preliminary';

create table lab_order_item (
  order_id uuid not null references lab_order (id),
  test_code text not null references lab_test (code),
  position smallint not null,
  primary key (order_id, test_code)
);

-- ---- Results ----

create table lab_result (
  id uuid primary key,
  order_id uuid not null references lab_order (id),
  patient_id uuid not null references patient (id),
  test_code text not null references lab_test (code),
  status text not null check (status in ('preliminary', 'final', 'amended')),
  -- One value: numeric in the test's unit (converted from what was entered), or coded, or text.
  value_numeric numeric,
  unit text,
  value_code text check (length(value_code) <= 40),
  value_text text check (length(value_text) <= 2000),
  entered_value numeric,
  entered_unit text,
  flag text check (flag in ('L', 'H', 'LL', 'HH', 'A')),
  -- The reference range applied (the patient's sex and age at collection).
  range_low numeric,
  range_high numeric,
  -- When the specimen was collected: the time the value describes (cumulative views).
  observed_at timestamptz not null,
  revision integer not null check (revision >= 1),
  resulted_at timestamptz not null,
  resulted_by uuid references user_account (id),
  source_system text check (length(source_system) <= 200),
  source_id text check (length(source_id) <= 200),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint lab_result_once_per_order unique (order_id, test_code),
  constraint lab_result_one_value check (num_nonnulls(value_numeric, value_code, value_text) = 1),
  constraint lab_result_numeric_has_unit check ((value_numeric is null) = (unit is null)),
  constraint lab_result_source_whole check ((source_system is null) = (source_id is null)),
  constraint lab_result_source_unique unique (source_system, source_id)
);
-- Cumulative views and trends: one patient's values of one test over time.
create index lab_result_patient_test on lab_result (patient_id, test_code, observed_at desc, id desc);
create index lab_result_patient_time on lab_result (patient_id, observed_at desc);

-- Every value a result has had, oldest first: revision 1 is the first entry; a preliminary
-- replaced by the final and each amendment add one. Append-only.
create table lab_result_revision (
  result_id uuid not null references lab_result (id),
  revision integer not null check (revision >= 1),
  status text not null check (status in ('preliminary', 'final', 'amended')),
  value_numeric numeric,
  unit text,
  value_code text,
  value_text text,
  entered_value numeric,
  entered_unit text,
  flag text check (flag in ('L', 'H', 'LL', 'HH', 'A')),
  range_low numeric,
  range_high numeric,
  -- Why an amendment was made (required for amendments).
  reason text check (length(reason) between 1 and 500),
  recorded_by uuid references user_account (id),
  recorded_at timestamptz not null,
  primary key (result_id, revision),
  constraint lab_result_revision_amendment_has_reason check (status <> 'amended' or reason is not null)
);

create function lab_result_revision_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'lab_result_revision is append-only'
    using errcode = 'check_violation', constraint = 'lab_result_revision_append_only';
end $$;
create trigger lab_result_revision_append_only before update or delete on lab_result_revision
  for each row execute function lab_result_revision_append_only();

-- A final (or amended) result changes only by a further amendment, one revision at a time;
-- results are never added to a cancelled order.
create function lab_result_guard() returns trigger language plpgsql as $$
begin
  -- Moving rows to a merge's survivor changes patient_id only; value changes are checked.
  if tg_op = 'UPDATE' and (new.revision, new.status, new.value_numeric, new.value_code,
                           new.value_text, new.unit, new.flag)
                          is distinct from (old.revision, old.status, old.value_numeric,
                                            old.value_code, old.value_text, old.unit, old.flag) then
    if old.status in ('final', 'amended') and new.status <> 'amended' then
      raise exception 'lab result % is final: correct it by an amendment', old.id
        using errcode = 'check_violation', constraint = 'lab_result_final_amend_only';
    end if;
    if new.revision <> old.revision + 1 then
      raise exception 'lab result % must move one revision at a time', old.id
        using errcode = 'check_violation', constraint = 'lab_result_final_amend_only';
    end if;
  end if;
  if tg_op = 'INSERT'
     and exists (select 1 from lab_order o where o.id = new.order_id and o.status = 'cancelled') then
    raise exception 'lab order % is cancelled', new.order_id
      using errcode = 'check_violation', constraint = 'lab_result_not_on_cancelled_order';
  end if;
  return new;
end $$;
create trigger lab_result_guard before insert or update on lab_result
  for each row execute function lab_result_guard();

-- At commit, the result's current revision is in the history: nothing skips the record.
create function lab_result_revision_exists() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from lab_result_revision r
                  where r.result_id = new.id and r.revision = new.revision) then
    raise exception 'lab result % has no history row for revision %', new.id, new.revision
      using errcode = 'check_violation', constraint = 'lab_result_revision_exists';
  end if;
  return null;
end $$;
create constraint trigger lab_result_revision_exists after insert or update on lab_result
  deferrable initially deferred
  for each row execute function lab_result_revision_exists();

-- ---- Critical results ----

-- A critical value (LL/HH) waits for a clinician's acknowledgement; past due_at unacknowledged,
-- the escalation job records escalated_at and notifies.
create table lab_critical_alert (
  id uuid primary key,
  result_id uuid not null references lab_result (id),
  revision integer not null,
  order_id uuid not null references lab_order (id),
  patient_id uuid not null references patient (id),
  facility_id uuid references facility (id),
  flag text not null check (flag in ('LL', 'HH')),
  raised_at timestamptz not null,
  due_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by uuid references user_account (id),
  acknowledgement_note text check (length(acknowledgement_note) <= 500),
  escalated_at timestamptz,
  -- The users the escalation notified (the ordering clinician).
  escalated_to uuid[] not null default '{}',
  version integer not null default 1,
  constraint lab_critical_alert_once_per_revision unique (result_id, revision),
  constraint lab_critical_alert_ack_whole check ((acknowledged_at is null) = (acknowledged_by is null)),
  constraint lab_critical_alert_due_after_raise check (due_at >= raised_at)
);
create index lab_critical_alert_open on lab_critical_alert (raised_at, id) where acknowledged_at is null;
create index lab_critical_alert_due on lab_critical_alert (due_at)
  where acknowledged_at is null and escalated_at is null;
create index lab_critical_alert_result on lab_critical_alert (result_id);

-- ---- The catalogue's content ----
-- Ranges are typical adult (and, where they differ, paediatric) reference intervals used by
-- US hospital laboratories; critical limits follow common critical-value lists (see SOURCE.md).
-- A laboratory replaces them with its own validated intervals.

insert into lab_test (code, name, short_name, kind, specimen, value_type, unit, decimals,
                      answers, normal_answers, is_orderable, synonyms, position) values
  -- Panels
  ('58410-2', 'Complete blood count (hemogram) panel - Blood by Automated count', 'CBC', 'panel',
   'blood', null, null, null, null, null, true, 'full blood count FBC hemogram blood count', 10),
  ('51990-0', 'Basic metabolic panel - Blood', 'BMP', 'panel', 'blood', null, null, null, null,
   null, true, 'chem 7 chem7 electrolytes renal function U&E', 20),
  ('24323-8', 'Comprehensive metabolic 2000 panel - Serum or Plasma', 'CMP', 'panel',
   'serum_plasma', null, null, null, null, null, true, 'chem 14 chem14 liver function LFT', 30),
  ('24331-1', 'Lipid 1996 panel - Serum or Plasma', 'Lipid panel', 'panel', 'serum_plasma', null,
   null, null, null, null, true, 'lipids cholesterol profile', 40),
  ('24357-6', 'Urinalysis macro (dipstick) panel - Urine', 'Urinalysis', 'panel', 'urine', null,
   null, null, null, null, true, 'UA urine dipstick urine test', 60),
  -- CBC components
  ('6690-2', 'Leukocytes [#/volume] in Blood by Automated count', 'WBC', 'test', 'blood',
   'numeric', '10*3/uL', 1, null, null, false, 'white blood cells white cell count', 11),
  ('789-8', 'Erythrocytes [#/volume] in Blood by Automated count', 'RBC', 'test', 'blood',
   'numeric', '10*6/uL', 2, null, null, false, 'red blood cells red cell count', 12),
  ('718-7', 'Hemoglobin [Mass/volume] in Blood', 'Hgb', 'test', 'blood', 'numeric', 'g/dL', 1,
   null, null, true, 'hemoglobin haemoglobin hb', 13),
  ('4544-3', 'Hematocrit [Volume Fraction] of Blood by Automated count', 'Hct', 'test', 'blood',
   'numeric', '%', 1, null, null, false, 'hematocrit haematocrit packed cell volume PCV', 14),
  ('787-2', 'MCV [Entitic volume] by Automated count', 'MCV', 'test', 'blood', 'numeric', 'fL', 1,
   null, null, false, 'mean corpuscular volume', 15),
  ('785-6', 'MCH [Entitic mass] by Automated count', 'MCH', 'test', 'blood', 'numeric', 'pg', 1,
   null, null, false, 'mean corpuscular hemoglobin', 16),
  ('786-4', 'MCHC [Mass/volume] by Automated count', 'MCHC', 'test', 'blood', 'numeric', 'g/dL',
   1, null, null, false, 'mean corpuscular hemoglobin concentration', 17),
  ('788-0', 'Erythrocyte distribution width [Ratio] by Automated count', 'RDW', 'test', 'blood',
   'numeric', '%', 1, null, null, false, 'red cell distribution width RDW-CV', 18),
  ('777-3', 'Platelets [#/volume] in Blood by Automated count', 'Plt', 'test', 'blood', 'numeric',
   '10*3/uL', 0, null, null, true, 'platelets platelet count thrombocytes', 19),
  -- BMP / CMP components (blood codes, as the Synthea records code them)
  ('2947-0', 'Sodium [Moles/volume] in Blood', 'Na', 'test', 'blood', 'numeric', 'mmol/L', 0,
   null, null, true, 'sodium', 21),
  ('6298-4', 'Potassium [Moles/volume] in Blood', 'K', 'test', 'blood', 'numeric', 'mmol/L', 1,
   null, null, true, 'potassium', 22),
  ('2069-3', 'Chloride [Moles/volume] in Blood', 'Cl', 'test', 'blood', 'numeric', 'mmol/L', 0,
   null, null, false, 'chloride', 23),
  ('20565-8', 'Carbon dioxide, total [Moles/volume] in Blood', 'CO2', 'test', 'blood', 'numeric',
   'mmol/L', 0, null, null, false, 'bicarbonate HCO3 total CO2', 24),
  ('6299-2', 'Urea nitrogen [Mass/volume] in Blood', 'BUN', 'test', 'blood', 'numeric', 'mg/dL',
   0, null, null, false, 'urea blood urea nitrogen', 25),
  ('38483-4', 'Creatinine [Mass/volume] in Blood', 'Creat', 'test', 'blood', 'numeric', 'mg/dL',
   2, null, null, true, 'creatinine', 26),
  ('2339-0', 'Glucose [Mass/volume] in Blood', 'Glu', 'test', 'blood', 'numeric', 'mg/dL', 0,
   null, null, true, 'glucose blood sugar', 27),
  ('49765-1', 'Calcium [Mass/volume] in Blood', 'Ca', 'test', 'blood', 'numeric', 'mg/dL', 1,
   null, null, false, 'calcium', 28),
  ('1751-7', 'Albumin [Mass/volume] in Serum or Plasma', 'Alb', 'test', 'serum_plasma',
   'numeric', 'g/dL', 1, null, null, false, 'albumin', 31),
  ('2885-2', 'Protein [Mass/volume] in Serum or Plasma', 'TP', 'test', 'serum_plasma', 'numeric',
   'g/dL', 1, null, null, false, 'total protein', 32),
  ('6768-6', 'Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma', 'ALP',
   'test', 'serum_plasma', 'numeric', 'U/L', 0, null, null, false, 'alkaline phosphatase alk phos',
   33),
  ('1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', 'ALT',
   'test', 'serum_plasma', 'numeric', 'U/L', 0, null, null, false, 'alanine aminotransferase SGPT',
   34),
  ('1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', 'AST',
   'test', 'serum_plasma', 'numeric', 'U/L', 0, null, null, false,
   'aspartate aminotransferase SGOT', 35),
  ('1975-2', 'Bilirubin.total [Mass/volume] in Serum or Plasma', 'T Bili', 'test', 'serum_plasma',
   'numeric', 'mg/dL', 1, null, null, false, 'total bilirubin', 36),
  -- Lipid panel components
  ('2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma', 'Chol', 'test', 'serum_plasma',
   'numeric', 'mg/dL', 0, null, null, false, 'total cholesterol', 41),
  ('2571-8', 'Triglyceride [Mass/volume] in Serum or Plasma', 'TG', 'test', 'serum_plasma',
   'numeric', 'mg/dL', 0, null, null, false, 'triglycerides', 42),
  ('2085-9', 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', 'HDL', 'test', 'serum_plasma',
   'numeric', 'mg/dL', 0, null, null, false, 'HDL cholesterol', 43),
  ('13457-7', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation', 'LDL (calc)',
   'test', 'serum_plasma', 'numeric', 'mg/dL', 0, null, null, false, 'LDL cholesterol calculated',
   44),
  -- Single tests
  ('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', 'HbA1c', 'test', 'blood', 'numeric', '%',
   1, null, null, true, 'A1c glycated hemoglobin glycosylated HbA1c', 50),
  ('89579-7', 'Troponin I.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method',
   'hs-TnI', 'test', 'serum_plasma', 'numeric', 'ng/L', 0, null, null, true,
   'troponin high sensitivity troponin I hs-cTnI cardiac enzymes', 70),
  ('3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma', 'TSH', 'test', 'serum_plasma',
   'numeric', 'm[IU]/L', 2, null, null, true, 'thyroid stimulating hormone thyrotropin', 71),
  ('5902-2', 'Prothrombin time (PT)', 'PT', 'test', 'plasma', 'numeric', 's', 1, null, null, true,
   'prothrombin time protime coagulation', 72),
  ('6301-6', 'INR in Platelet poor plasma by Coagulation assay', 'INR', 'test', 'plasma',
   'numeric', '{INR}', 1, null, null, true, 'international normalized ratio coagulation warfarin',
   73),
  ('19123-9', 'Magnesium [Mass/volume] in Serum or Plasma', 'Mg', 'test', 'serum_plasma',
   'numeric', 'mg/dL', 1, null, null, true, 'magnesium', 74),
  ('2524-7', 'Lactate [Moles/volume] in Serum or Plasma', 'Lactate', 'test', 'serum_plasma',
   'numeric', 'mmol/L', 1, null, null, true, 'lactic acid lactate sepsis', 75),
  -- Urinalysis (dipstick) components
  ('5811-5', 'Specific gravity of Urine by Test strip', 'SG', 'test', 'urine', 'numeric', '1', 3,
   null, null, false, 'specific gravity', 61),
  ('5803-2', 'pH of Urine by Test strip', 'pH', 'test', 'urine', 'numeric', '[pH]', 1, null,
   null, false, 'urine pH', 62),
  ('5804-0', 'Protein [Mass/volume] in Urine by Test strip', 'U Protein', 'test', 'urine', 'coded',
   null, null, '{negative,trace,1+,2+,3+,4+}', '{negative}', false, 'urine protein proteinuria',
   63),
  ('5792-7', 'Glucose [Mass/volume] in Urine by Test strip', 'U Glucose', 'test', 'urine', 'coded',
   null, null, '{negative,trace,1+,2+,3+,4+}', '{negative}', false, 'urine glucose glycosuria',
   64),
  ('5797-6', 'Ketones [Mass/volume] in Urine by Test strip', 'U Ketones', 'test', 'urine',
   'coded', null, null, '{negative,trace,small,moderate,large}', '{negative}', false,
   'urine ketones', 65),
  ('5794-3', 'Hemoglobin [Presence] in Urine by Test strip', 'U Blood', 'test', 'urine', 'coded',
   null, null, '{negative,trace,small,moderate,large}', '{negative}', false,
   'urine blood hematuria', 66),
  ('5802-4', 'Nitrite [Presence] in Urine by Test strip', 'U Nitrite', 'test', 'urine', 'coded',
   null, null, '{negative,positive}', '{negative}', false, 'urine nitrite', 67),
  ('5799-2', 'Leukocyte esterase [Presence] in Urine by Test strip', 'U LE', 'test', 'urine',
   'coded', null, null, '{negative,trace,small,moderate,large}', '{negative}', false,
   'leukocyte esterase urine white cells', 68);

insert into lab_panel_member (panel_code, member_code, position) values
  ('58410-2', '6690-2', 1), ('58410-2', '789-8', 2), ('58410-2', '718-7', 3),
  ('58410-2', '4544-3', 4), ('58410-2', '787-2', 5), ('58410-2', '785-6', 6),
  ('58410-2', '786-4', 7), ('58410-2', '788-0', 8), ('58410-2', '777-3', 9),
  ('51990-0', '2947-0', 1), ('51990-0', '6298-4', 2), ('51990-0', '2069-3', 3),
  ('51990-0', '20565-8', 4), ('51990-0', '6299-2', 5), ('51990-0', '38483-4', 6),
  ('51990-0', '2339-0', 7), ('51990-0', '49765-1', 8),
  ('24323-8', '2947-0', 1), ('24323-8', '6298-4', 2), ('24323-8', '2069-3', 3),
  ('24323-8', '20565-8', 4), ('24323-8', '6299-2', 5), ('24323-8', '38483-4', 6),
  ('24323-8', '2339-0', 7), ('24323-8', '49765-1', 8), ('24323-8', '1751-7', 9),
  ('24323-8', '2885-2', 10), ('24323-8', '6768-6', 11), ('24323-8', '1742-6', 12),
  ('24323-8', '1920-8', 13), ('24323-8', '1975-2', 14),
  ('24331-1', '2093-3', 1), ('24331-1', '2571-8', 2), ('24331-1', '2085-9', 3),
  ('24331-1', '13457-7', 4),
  ('24357-6', '5811-5', 1), ('24357-6', '5803-2', 2), ('24357-6', '5804-0', 3),
  ('24357-6', '5792-7', 4), ('24357-6', '5797-6', 5), ('24357-6', '5794-3', 6),
  ('24357-6', '5802-4', 7), ('24357-6', '5799-2', 8);

insert into lab_unit_conversion (test_code, unit, factor) values
  ('6690-2', '10*9/L', 1), ('789-8', '10*12/L', 1), ('777-3', '10*9/L', 1),
  ('718-7', 'g/L', 0.1), ('786-4', 'g/L', 0.1), ('4544-3', 'L/L', 100),
  ('2947-0', 'meq/L', 1), ('6298-4', 'meq/L', 1), ('2069-3', 'meq/L', 1), ('20565-8', 'meq/L', 1),
  -- Glucose 180.16 g/mol; urea nitrogen 28.02 g/mol (2 N); creatinine 113.12 g/mol;
  -- calcium 40.08 g/mol; magnesium 24.305 g/mol; bilirubin 584.66 g/mol; cholesterol
  -- 386.65 g/mol; triglyceride (as triolein) 885.4 g/mol; lactate 90.08 g/mol.
  ('2339-0', 'mmol/L', 18.016), ('6299-2', 'mmol/L', 2.802), ('38483-4', 'umol/L', 0.011312),
  ('49765-1', 'mmol/L', 4.008), ('19123-9', 'mmol/L', 2.4305), ('1975-2', 'umol/L', 0.058466),
  ('1751-7', 'g/L', 0.1), ('2885-2', 'g/L', 0.1),
  ('2093-3', 'mmol/L', 38.665), ('2085-9', 'mmol/L', 38.665), ('13457-7', 'mmol/L', 38.665),
  ('2571-8', 'mmol/L', 88.54), ('2524-7', 'mg/dL', 0.11101),
  ('89579-7', 'pg/mL', 1), ('3016-3', 'u[IU]/mL', 1);

insert into lab_reference_range (test_code, sex, age_from_years, age_to_years, low, high,
                                 critical_low, critical_high) values
  ('6690-2', 'any', 0, 18, 5.0, 14.5, 2.0, 30.0),
  ('6690-2', 'any', 18, null, 4.5, 11.0, 2.0, 30.0),
  ('789-8', 'any', 0, 18, 4.00, 5.20, null, null),
  ('789-8', 'any', 18, null, 4.10, 5.90, null, null),
  ('789-8', 'female', 18, null, 4.10, 5.10, null, null),
  ('789-8', 'male', 18, null, 4.50, 5.90, null, null),
  ('718-7', 'any', 0, 18, 11.5, 15.5, 7.0, 20.0),
  ('718-7', 'any', 18, null, 12.0, 17.5, 7.0, 20.0),
  ('718-7', 'female', 18, null, 12.0, 15.5, 7.0, 20.0),
  ('718-7', 'male', 18, null, 13.5, 17.5, 7.0, 20.0),
  ('4544-3', 'any', 0, 18, 34.0, 45.0, 20.0, 60.0),
  ('4544-3', 'any', 18, null, 36.0, 53.0, 20.0, 60.0),
  ('4544-3', 'female', 18, null, 36.0, 46.0, 20.0, 60.0),
  ('4544-3', 'male', 18, null, 41.0, 53.0, 20.0, 60.0),
  ('787-2', 'any', 0, null, 80.0, 100.0, null, null),
  ('785-6', 'any', 0, null, 27.0, 33.0, null, null),
  ('786-4', 'any', 0, null, 32.0, 36.0, null, null),
  ('788-0', 'any', 0, null, 11.5, 14.5, null, null),
  ('777-3', 'any', 0, null, 150, 400, 20, 1000),
  ('2947-0', 'any', 0, null, 135, 145, 120, 160),
  ('6298-4', 'any', 0, null, 3.5, 5.1, 2.8, 6.2),
  ('2069-3', 'any', 0, null, 98, 107, 80, 120),
  ('20565-8', 'any', 0, null, 22, 29, 10, 40),
  ('6299-2', 'any', 0, 18, 5, 18, null, null),
  ('6299-2', 'any', 18, null, 7, 20, null, 100),
  ('38483-4', 'any', 0, 18, 0.30, 0.70, null, null),
  ('38483-4', 'any', 18, null, 0.59, 1.35, null, null),
  ('38483-4', 'female', 18, null, 0.59, 1.04, null, null),
  ('38483-4', 'male', 18, null, 0.74, 1.35, null, null),
  ('2339-0', 'any', 0, null, 70, 99, 40, 500),
  ('49765-1', 'any', 0, null, 8.6, 10.3, 6.0, 13.0),
  ('1751-7', 'any', 0, null, 3.5, 5.0, null, null),
  ('2885-2', 'any', 0, null, 6.0, 8.3, null, null),
  ('6768-6', 'any', 0, 18, 100, 390, null, null),
  ('6768-6', 'any', 18, null, 44, 147, null, null),
  ('1742-6', 'any', 0, null, 7, 56, null, null),
  ('1920-8', 'any', 0, null, 10, 40, null, null),
  ('1975-2', 'any', 0, null, 0.1, 1.2, null, 15.0),
  ('2093-3', 'any', 0, null, null, 199, null, null),
  ('2571-8', 'any', 0, null, null, 149, null, 1000),
  ('2085-9', 'any', 0, null, 40, null, null, null),
  ('13457-7', 'any', 0, null, null, 99, null, null),
  ('4548-4', 'any', 0, null, 4.0, 5.6, null, null),
  -- hs-cTnI (Abbott ARCHITECT): sex-specific 99th-percentile upper reference limits (F 16,
  -- M 34, overall 26 ng/L); critical at 52 ng/L, the ESC 0/1 h algorithm's rule-in value.
  ('89579-7', 'any', 0, null, null, 26, null, 52),
  ('89579-7', 'female', 0, null, null, 16, null, 52),
  ('89579-7', 'male', 0, null, null, 34, null, 52),
  ('3016-3', 'any', 0, null, 0.40, 4.00, null, null),
  ('5902-2', 'any', 0, null, 11.0, 13.5, null, null),
  ('6301-6', 'any', 0, null, 0.8, 1.2, null, 5.0),
  ('19123-9', 'any', 0, null, 1.7, 2.2, 1.0, 4.9),
  ('2524-7', 'any', 0, null, 0.5, 2.2, null, 4.0),
  ('5811-5', 'any', 0, null, 1.005, 1.030, null, null),
  ('5803-2', 'any', 0, null, 5.0, 8.0, null, null);
