import { z } from 'zod';
import { defineJob } from '../../../platform/jobs.js';
import { escalateOverdueCriticalAlerts } from './critical-alerts.js';

/**
 * Every minute (an indexed look at due alerts, cheap when there are none): critical lab
 * results not acknowledged within LAB_CRITICAL_ACK_MINUTES are escalated.
 */
export const escalateCriticalResultsJob = defineJob({
  name: 'labs.escalate-critical-results',
  data: z.object({}),
  schedule: '* * * * *',
  async handler(_data, { platform, logger }) {
    const escalated = await escalateOverdueCriticalAlerts(platform);
    if (escalated > 0) logger.warn({ escalated }, 'critical lab results escalated');
  },
});
