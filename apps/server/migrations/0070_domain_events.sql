-- Domain events: facts other parts of the system and outside partners consume later (the HL7
-- ADT feed, FHIR Encounter, reporting). Written in the business transaction, so an event
-- exists exactly when its change committed. Ids only in the payload, never PHI: a consumer
-- reads the current record through the owning module.
--
-- Consumers (none yet) must not page by recorded_at alone: rows commit out of order. The
-- HL7 feed will add its own offset table and read only what older snapshots can see.
create table domain_event (
  id uuid primary key,
  topic text not null check (topic ~ '^[a-z_]+(\.[a-z_]+)+$'),
  aggregate_type text not null,
  aggregate_id uuid not null,
  patient_id uuid,
  facility_id uuid,
  payload jsonb not null default '{}'::jsonb,
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default clock_timestamp()
);
create index domain_event_recorded on domain_event (recorded_at, id);
create index domain_event_aggregate on domain_event (aggregate_type, aggregate_id, occurred_at);
create index domain_event_topic on domain_event (topic, recorded_at);

create function domain_event_refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception 'domain_event is append-only' using errcode = 'insufficient_privilege';
end;
$$;
create trigger domain_event_append_only before update or delete on domain_event
  for each row execute function domain_event_refuse_change();
