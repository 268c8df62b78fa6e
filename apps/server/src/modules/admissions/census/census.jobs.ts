import { z } from 'zod';
import { defineJob } from '../../../platform/jobs.js';
import { takeDueMidnightCensus } from './midnight-census.js';

/**
 * Every five minutes (a look at which dates have snapshots, cheap when all do): each
 * facility's midnight census, soon after its local midnight, in its own time zone.
 */
export const midnightCensusJob = defineJob({
  name: 'admissions.midnight-census',
  data: z.object({}),
  schedule: '*/5 * * * *',
  async handler(_data, { platform, logger }) {
    const inserted = await takeDueMidnightCensus(platform);
    if (inserted > 0) logger.info({ wards: inserted }, 'midnight census taken');
  },
});
