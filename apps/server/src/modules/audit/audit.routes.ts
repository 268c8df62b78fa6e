import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  auditEventPage,
  auditExportHeaders,
  auditExportQuery,
  auditExportRowCap,
  auditIntegrity,
  auditQuery,
} from '@meridian/contracts';
import type { AuditLogService } from './audit-log.service.js';

export function registerAuditRoutes(app: FastifyInstance, service: AuditLogService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/audit-events',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail, newest first',
        querystring: auditQuery,
        response: { 200: auditEventPage },
      },
    },
    (req) => service.searchEvents(req.principal!, req.query),
  );

  r.get(
    '/api/v1/audit-events/export',
    {
      config: { access: 'audit.export' },
      schema: {
        tags: ['audit'],
        summary: 'Export matching audit events as CSV',
        description: `Streams text/csv (UTF-8 with BOM, header row), newest first, at most ${auditExportRowCap} rows. The ${auditExportHeaders.rowCount} header gives the row count; ${auditExportHeaders.truncated} is true when more rows matched.`,
        querystring: auditExportQuery,
      },
    },
    async (req, reply) => {
      const out = await service.exportEvents(req.principal!, req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${out.filename}"`)
        .header(auditExportHeaders.rowCount, String(out.rowCount))
        .header(auditExportHeaders.truncated, String(out.isTruncated))
        .header(auditExportHeaders.rowCap, String(auditExportRowCap))
        .send(out.csv);
    },
  );

  r.get(
    '/api/v1/audit-events/integrity',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Verify the audit hash chain',
        description:
          'Recomputes every event hash and link; takes time proportional to the trail size.',
        response: { 200: auditIntegrity },
      },
    },
    (req) => service.checkIntegrity(req.principal!),
  );
}
