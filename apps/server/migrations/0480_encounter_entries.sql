-- What was recorded during an encounter (GET /api/v1/encounters/:id/entries) is read by
-- encounter_id from every clinical table. vital_set, problem and clinical_note have their
-- index since their own migrations; these are the rest. Partial: most rows of a chart built
-- from home lists have no encounter.
create index allergy_intolerance_encounter on allergy_intolerance (encounter_id)
  where encounter_id is not null;
create index home_medication_encounter on home_medication (encounter_id)
  where encounter_id is not null;
create index prescription_encounter on prescription (encounter_id)
  where encounter_id is not null;
create index lab_order_encounter on lab_order (encounter_id)
  where encounter_id is not null;
create index immunization_encounter on immunization (encounter_id)
  where encounter_id is not null;
create index clinical_procedure_encounter on clinical_procedure (encounter_id)
  where encounter_id is not null;
