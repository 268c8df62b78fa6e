import { z } from 'zod';
import { defineJob } from '../../../platform/jobs.js';
import { sendDueReminders } from './send-reminders.js';

/**
 * Every minute: the reminders whose send time has come. A run that fails is retried; what it
 * already sent is recorded per (appointment, rule, start), so a retry sends nothing twice.
 */
export const sendRemindersJob = defineJob({
  name: 'scheduling.send-reminders',
  data: z.object({}),
  schedule: '* * * * *',
  retryLimit: 2,
  retryDelaySeconds: 20,
  expireInSeconds: 5 * 60,
  async handler(_data, { platform, logger }) {
    const result = await sendDueReminders(platform);
    if (result.appointments > 0) logger.info(result, 'reminders sent');
  },
});
