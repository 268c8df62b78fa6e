import { z } from 'zod';
import { defineJob } from '../../../platform/jobs.js';
import { markNoShows } from './mark-no-shows.js';

/**
 * Every minute (an indexed look at due rows, cheap when there are none): booked or confirmed
 * appointments past start + grace become no-shows, so the front desk sees them promptly.
 */
export const markNoShowsJob = defineJob({
  name: 'scheduling.mark-no-shows',
  data: z.object({}),
  schedule: '* * * * *',
  async handler(_data, { platform, logger }) {
    const marked = await markNoShows(platform);
    if (marked > 0) logger.info({ marked }, 'appointments marked as no-shows');
  },
});
