-- Sign-in, TOTP and sessions: replay protection for TOTP codes, the invariants of the
-- second factor and of the sign-in throttle, and lookups the auth module runs on every
-- sign-in.

-- RFC 6238 §5.2: a verifier must not accept the same code twice. The time step of the last
-- accepted code is kept; codes of that step or older are refused.
alter table user_account add column totp_last_used_step bigint
  constraint user_account_totp_last_used_step_not_negative check (totp_last_used_step >= 0);

-- A user is enrolled exactly when a confirmed secret is stored.
alter table user_account add constraint user_account_totp_enrolled_has_secret
  check ((totp_enrolled_at is null) = (totp_secret_enc is null));

alter table login_throttle
  add constraint login_throttle_counts_not_negative check (failed_count >= 0 and lockouts >= 0),
  add constraint login_throttle_email_lower_case check (email = lower(email));

-- A recovery code is stored once per user; the lookup at sign-in is by user and hash.
create unique index mfa_recovery_code_user_hash_unique on mfa_recovery_code (user_id, code_hash);

-- Sign-in starts the new session in the facility of the user's most recent one.
create index user_session_user_recent on user_session (user_id, created_at desc);
