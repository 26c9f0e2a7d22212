import type { AuditReport, Severity } from '../surface/audit.js';
import { kapiVersion } from '../version.js';
import { auditRules } from './audit-rules.js';
import { toJson } from './formats.js';

const level: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0: one run of the kapi tool, a rule per check id and a result per
 * finding. Findings are about cluster objects, not files, so each result's
 * location is a logical location ("APIService/v1.x.example.com").
 */
export function renderAuditSarif(report: AuditReport): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kapi',
            version: kapiVersion,
            rules: auditRules.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.description },
              defaultConfiguration: { level: level[rule.severity] },
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.check,
          ruleIndex: auditRules.findIndex((rule) => rule.id === finding.check),
          level: level[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              logicalLocations: [
                { name: finding.object.name, fullyQualifiedName: `${finding.object.kind}/${finding.object.name}`, kind: 'object' },
              ],
            },
          ],
          ...(finding.source ? { properties: { source: finding.source } } : {}),
        })),
        properties: {
          server: report.source.server,
          serverVersion: report.source.serverVersion,
          failOn: report.failOn,
          failed: report.failed,
        },
      },
    ],
  };
  return toJson(sarif);
}
