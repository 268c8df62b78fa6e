import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { drugClassList, drugClassQuery, drugList, drugQuery } from '@meridian/contracts';
import type { Platform } from '../../../../platform/platform.js';
import { listDrugClasses, searchDrugs } from './catalogue.repository.js';

const tags = ['medications'];

/**
 * The drug catalogue (reference data, no patient data, so not audited): type-ahead over
 * products and ingredients, and the drug classes (the allergies area's substance picker
 * uses both).
 */
export function registerCatalogueRoutes(app: FastifyInstance, platform: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/drugs',
    {
      config: { access: 'clinical.read' },
      schema: { tags, querystring: drugQuery, response: { 200: drugList } },
    },
    async (req) => ({
      items: await searchDrugs(platform.db, {
        text: req.query.q,
        type: req.query.type,
        limit: req.query.limit,
      }),
    }),
  );
  r.get(
    '/api/v1/drug-classes',
    {
      config: { access: 'clinical.read' },
      schema: { tags, querystring: drugClassQuery, response: { 200: drugClassList } },
    },
    async (req) => ({ items: await listDrugClasses(platform.db, req.query.kind) }),
  );
}
