import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { registerAvailabilityRoutes } from './availability/availability.routes.js';
import { registerBookingRoutes } from './booking/booking.routes.js';
import { registerCalendarRoutes } from './calendar/calendar.routes.js';
import { registerReminderRoutes } from './reminders/reminder.routes.js';
import { registerVisitRoutes } from './visit/visit.routes.js';
import { registerWaitlistRoutes } from './waitlist/waitlist.routes.js';
// Jobs are defined at import time, so a worker-only process knows them too.
import './visit/visit.jobs.js';
import './reminders/reminder.jobs.js';
import './waitlist/waitlist.jobs.js';

/** Other modules check a practitioner they name (admissions: admitting and attending). */
export { findById as findPractitioner } from './calendar/practitioner.repository.js';

/**
 * The scheduling module: calendars (calendar/: practitioner profiles, resources, appointment
 * types, weekly templates, exceptions), free slots (availability/), appointments and their
 * overlaps refused by PostgreSQL (booking/), the visit flow, today's list, no-shows and
 * metrics (visit/), reminders with signed links (reminders/) and the waitlist (waitlist/).
 */
export async function schedulingModule(app: FastifyInstance, platform: Platform): Promise<void> {
  registerCalendarRoutes(app, platform);
  registerAvailabilityRoutes(app, platform);
  registerBookingRoutes(app, platform);
  registerVisitRoutes(app, platform);
  registerReminderRoutes(app, platform);
  registerWaitlistRoutes(app, platform);
  await Promise.resolve();
}
