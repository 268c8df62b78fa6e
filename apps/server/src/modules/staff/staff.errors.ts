import { registerConstraint } from '../../platform/errors.js';

// Two admins creating the same address at once: the unique index decides, this names it.
registerConstraint(
  'user_account_email_unique',
  'user.email_taken',
  'another account already uses this e-mail address',
  'email',
);
