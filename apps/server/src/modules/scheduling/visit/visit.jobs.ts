import { z } from 'zod';
import { defineJob } from '../../../platform/jobs.js';
import { markNoShows } from './mark-no-shows.js';

/** Every 5 minutes: booked or confirmed appointments past start + grace become no-shows. */
export const markNoShowsJob = defineJob({
  name: 'scheduling.mark-no-shows',
  data: z.object({}),
  schedule: '*/5 * * * *',
  async handler(_data, { platform, logger }) {
    const marked = await markNoShows(platform);
    if (marked > 0) logger.info({ marked }, 'appointments marked as no-shows');
  },
});
