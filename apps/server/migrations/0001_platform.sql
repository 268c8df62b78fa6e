-- Platform: organization, facilities, departments, users and sessions, sign-in throttling,
-- the append-only hash-chained audit trail, break-the-glass grants and the outbox.

create table organization (
  id uuid primary key,
  -- One organization per installation.
  is_singleton boolean not null default true unique check (is_singleton),
  name text not null check (length(name) between 1 and 200),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table facility (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  name text not null check (length(name) between 1 and 200),
  code text not null constraint facility_code_unique unique,
  kind text not null check (kind in ('hospital', 'clinic')),
  time_zone text not null,
  address jsonb,
  phone text,
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table department (
  id uuid primary key,
  facility_id uuid not null references facility (id),
  name text not null check (length(name) between 1 and 200),
  code text not null,
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint department_code_unique_per_facility unique (facility_id, code)
);

create table user_account (
  id uuid primary key,
  -- Stored lower-cased; the unique index keeps one account per address.
  email text not null constraint user_account_email_unique unique check (email = lower(email)),
  kind text not null default 'staff' check (kind in ('staff', 'patient')),
  display_name text not null check (length(display_name) between 1 and 120),
  password_hash text not null,
  password_changed_at timestamptz not null default now(),
  must_change_password boolean not null default false,
  status text not null default 'active' check (status in ('active', 'disabled')),
  -- TOTP secrets are encrypted with ENCRYPTION_KEY (AES-256-GCM), never stored plain.
  totp_secret_enc text,
  totp_pending_secret_enc text,
  totp_enrolled_at timestamptz,
  last_login_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table user_role (
  user_id uuid not null references user_account (id),
  role text not null check (role in ('admin', 'physician', 'nurse', 'front_desk', 'billing', 'patient')),
  primary key (user_id, role)
);

create table user_facility (
  user_id uuid not null references user_account (id),
  facility_id uuid not null references facility (id),
  primary key (user_id, facility_id)
);

create table mfa_recovery_code (
  id uuid primary key,
  user_id uuid not null references user_account (id),
  code_hash text not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index mfa_recovery_code_user on mfa_recovery_code (user_id) where used_at is null;

create table user_session (
  -- SHA-256 of the cookie token: a leaked table row cannot be replayed as a cookie.
  id text primary key,
  user_id uuid not null references user_account (id),
  state text not null check (state in ('active', 'mfa_pending', 'mfa_enrolment_required', 'password_change_required')),
  current_facility_id uuid references facility (id),
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  mfa_verified_at timestamptz,
  ip text,
  user_agent text,
  revoked_at timestamptz,
  revoked_reason text
);
create index user_session_user on user_session (user_id) where revoked_at is null;

-- Failed sign-ins are counted per e-mail address whether or not an account exists, so a
-- lockout answer reveals nothing about which addresses are registered.
create table login_throttle (
  email text primary key,
  failed_count integer not null default 0,
  lockouts integer not null default 0,
  locked_until timestamptz,
  last_failed_at timestamptz
);

create table break_glass_grant (
  id uuid primary key,
  user_id uuid not null references user_account (id),
  patient_id uuid not null,
  reason text not null check (length(reason) >= 10),
  granted_at timestamptz not null,
  expires_at timestamptz not null check (expires_at > granted_at)
);
create index break_glass_grant_lookup on break_glass_grant (user_id, patient_id, expires_at);

-- ---------------------------------------------------------------------------------------
-- Audit trail. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE. Hash-chained: each
-- row stores the previous row's hash and a SHA-256 over that hash and its own canonical
-- fields; `meridian audit verify` recomputes the chain. seq is gapless (assigned under a
-- lock by the insert trigger), so a removed row shows as a gap.
create table audit_event (
  id uuid primary key,
  seq bigint not null constraint audit_event_seq_unique unique,
  occurred_at timestamptz not null,
  actor_user_id uuid,
  action text not null,
  outcome text not null check (outcome in ('success', 'failure', 'denied')),
  patient_id uuid,
  entity_type text,
  entity_id text,
  facility_id uuid,
  request_id text,
  ip text,
  user_agent text,
  details jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_event_occurred on audit_event (occurred_at);
create index audit_event_actor on audit_event (actor_user_id, occurred_at);
create index audit_event_patient on audit_event (patient_id, occurred_at) where patient_id is not null;
create index audit_event_action on audit_event (action text_pattern_ops, occurred_at);

create function audit_event_digest(prev_hash text, e audit_event) returns text
language sql immutable as $$
  select encode(sha256(convert_to(jsonb_build_array(
    prev_hash,
    e.id,
    e.seq,
    to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_user_id,
    e.action,
    e.outcome,
    e.patient_id,
    e.entity_type,
    e.entity_id,
    e.facility_id,
    e.request_id,
    e.ip,
    e.user_agent,
    e.details
  )::text, 'UTF8')), 'hex')
$$;

create function audit_event_chain() returns trigger
language plpgsql as $$
declare
  last_seq bigint;
  last_hash text;
begin
  -- Serialises appenders until commit, so seq order is chain order.
  perform pg_advisory_xact_lock(7245002);
  select seq, hash into last_seq, last_hash from audit_event order by seq desc limit 1;
  new.seq := coalesce(last_seq, 0) + 1;
  new.prev_hash := coalesce(last_hash, repeat('0', 64));
  new.hash := audit_event_digest(new.prev_hash, new);
  return new;
end;
$$;

create trigger audit_event_chain before insert on audit_event
  for each row execute function audit_event_chain();

create function audit_event_refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_event is append-only' using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_refuse_change();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_refuse_change();

-- ---------------------------------------------------------------------------------------
-- Outbox: effects outside the database (email, SMS, later HL7 and claim files) are written
-- here inside the business transaction and delivered after commit by a worker.
create table outbox_message (
  id uuid primary key,
  channel text not null check (channel in ('email', 'sms')),
  recipient text not null,
  subject text,
  body text not null,
  html text,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'dead')),
  attempts integer not null default 0,
  max_attempts integer not null default 5 check (max_attempts > 0),
  next_attempt_at timestamptz not null default now(),
  last_error text,
  transport text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_message_due on outbox_message (next_attempt_at) where status in ('pending', 'failed');
create index outbox_message_created on outbox_message (created_at desc);
