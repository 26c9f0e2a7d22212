import type { ContextOutcome } from '../cli/fleet.js';
import type { AuditReport } from '../surface/audit.js';
import { type AuditFormat, renderAudit } from './audit.js';
import { renderFleetJunit } from './audit-junit.js';
import { renderFleetSarif } from './audit-sarif.js';
import { auditFleetDocument, auditMatrix, renderFleet, renderFleetMarkdown } from './fleet.js';
import { byOutput, documentPrinters } from './formats.js';

/**
 * audit over several clusters, in every format of a single audit: text and
 * markdown get a section per context and the matrix, json and yaml
 * {items: [{context, report} | {context, error}]}, JUnit a test suite per
 * context and SARIF a run per context.
 */
export function renderAuditFleet(outcomes: Array<ContextOutcome<AuditReport>>, options: { format: AuditFormat; now?: Date }): string {
  return byOutput(options.format, {
    ...documentPrinters(() => auditFleetDocument(outcomes)),
    markdown: () => renderFleetMarkdown(outcomes, (report) => renderAudit(report, { format: 'markdown' }), auditMatrix),
    junit: () => renderFleetJunit(outcomes, options.now ?? new Date()),
    sarif: () => renderFleetSarif(outcomes),
    text: () => renderFleet(outcomes, (report) => renderAudit(report, { format: 'text' }), auditMatrix),
  });
}
