-- The audit chain is sealed at commit instead of at insert.
--
-- Until now the insert trigger took the chain lock and assigned seq and hash at once, so a
-- transaction held the lock from its audit insert to its COMMIT: a round trip back to the
-- application and through its event loop. Under load that wait, not PostgreSQL, was the
-- limit of every audited write (bookings stalled near 200/s on two cores whatever else was
-- done). Now an inserted row is unsealed (seq, prev_hash and hash null) and a deferred
-- constraint trigger seals it as the transaction commits: lock, link, hash, done, all inside
-- the database, so the lock is held for the seal and the commit's WAL flush only.
--
-- What stays true: every committed row is sealed (the seal runs before the commit is
-- visible, and a failed seal aborts the transaction), seq is gapless and is chain order,
-- and `meridian audit verify` is unchanged. Rows of one transaction are sealed in the
-- order they were inserted.

alter table audit_event
  alter column seq drop not null,
  alter column prev_hash drop not null,
  alter column hash drop not null,
  add constraint audit_event_sealed_whole check (
    (seq is null and prev_hash is null and hash is null)
    or (seq is not null and prev_hash is not null and hash is not null)
  );

-- Unsealed rows stay out of the seq index, so the seal's "last sealed row" lookup never
-- walks over them (nor over the dead unsealed versions a seal leaves behind until vacuum).
alter table audit_event drop constraint audit_event_seq_unique;
create unique index audit_event_seq_unique on audit_event (seq) where seq is not null;

create or replace function audit_event_chain() returns trigger
language plpgsql as $$
begin
  -- Whatever the writer sent, the row starts unsealed; audit_event_seal links it.
  new.seq := null;
  new.prev_hash := null;
  new.hash := null;
  return new;
end;
$$;

create function audit_event_seal() returns trigger
language plpgsql as $$
declare
  sealed audit_event;
  last_seq bigint;
  last_hash text;
begin
  -- Serialises sealers until commit, so seq order is chain order.
  perform pg_advisory_xact_lock(7245002);
  select seq, hash into last_seq, last_hash
    from audit_event where seq is not null order by seq desc limit 1;
  sealed := new;
  sealed.seq := coalesce(last_seq, 0) + 1;
  sealed.prev_hash := coalesce(last_hash, repeat('0', 64));
  sealed.hash := audit_event_digest(sealed.prev_hash, sealed);
  update audit_event
     set seq = sealed.seq, prev_hash = sealed.prev_hash, hash = sealed.hash
   where id = new.id;
  return null;
end;
$$;

create constraint trigger audit_event_seal after insert on audit_event
  deferrable initially deferred
  for each row execute function audit_event_seal();

-- Still append-only. The one update let through is the seal itself: an unsealed row (only
-- its own transaction can see one) gets its seq, links and a hash that matches its fields,
-- and nothing else changes.
create or replace function audit_event_refuse_change() returns trigger
language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    if old.seq is null
       and new.seq is not null
       and new.hash = audit_event_digest(new.prev_hash, new)
       and to_jsonb(old) - array['seq', 'prev_hash', 'hash']
         = to_jsonb(new) - array['seq', 'prev_hash', 'hash'] then
      return new;
    end if;
  end if;
  raise exception 'audit_event is append-only' using errcode = 'insufficient_privilege';
end;
$$;
