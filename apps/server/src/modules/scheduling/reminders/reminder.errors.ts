import { registerConstraint } from '../../../platform/errors.js';

// The service's check gives the friendly answer; the constraint maps a race that slipped
// past it to the same answer.
registerConstraint(
  'reminder_rule_unique',
  'scheduling.rule_exists',
  'a reminder rule with this appointment type and hours before already exists',
  'hoursBefore',
);
