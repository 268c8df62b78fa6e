-- Outbox delivery: a worker claims due messages under a lease, sends them after the claim's
-- transaction has committed, and records the outcome; the message viewer lists them.

alter table outbox_message
  -- Set while a worker holds the message (next_attempt_at is then the lease's end). A worker
  -- records an outcome only while its token is still there, so a worker that stalled past
  -- its lease cannot overwrite the outcome of the worker that took the message over.
  add column claim_token uuid,
  add column last_attempt_at timestamptz;

alter table outbox_message
  add constraint outbox_message_attempts_within_max check (attempts between 0 and max_attempts),
  add constraint outbox_message_sent_has_time_and_transport
    check (status <> 'sent' or (sent_at is not null and transport is not null)),
  add constraint outbox_message_claimed_only_while_deliverable
    check (claim_token is null or status in ('pending', 'failed'));

-- The viewer lists newest first with (created_at, id) as the cursor's tie-breaker.
drop index if exists outbox_message_created;
create index outbox_message_listing on outbox_message (created_at desc, id desc);
-- "Did the patient get the reminder?": the viewer filters by recipient address or number.
create index outbox_message_recipient on outbox_message (lower(recipient), created_at desc);
