import type { ContextOutcome } from '../cli/fleet.js';
import type { AuditReport, Severity } from '../surface/audit.js';
import { kapiVersion } from '../version.js';
import { auditRules } from './audit-rules.js';
import { toJson } from './formats.js';

export const level: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0: one run of the kapi tool, a rule per check id and a result per
 * finding. Findings are about cluster objects, not files, so each result's
 * location is a logical location ("APIService/v1.x.example.com").
 */
export function renderAuditSarif(report: AuditReport): string {
  return sarifLog([auditRun(report)]);
}

/**
 * Several clusters: one run per context, told apart by automationDetails.id
 * ("kapi-audit/<context>/", the category code-scanning pages group by) and a
 * `context` property. A cluster that could not be audited is a run with no
 * results whose invocation failed (executionSuccessful false, with the reason
 * as an error notification).
 */
export function renderFleetSarif(outcomes: Array<ContextOutcome<AuditReport>>): string {
  return sarifLog(
    outcomes.map((outcome) => {
      const automationDetails = { id: `kapi-audit/${outcome.context}/` };
      if ('result' in outcome) {
        const run = auditRun(outcome.result);
        return { ...run, automationDetails, properties: { context: outcome.context, ...run.properties } };
      }
      return {
        tool: tool(),
        automationDetails,
        invocations: [
          {
            executionSuccessful: false,
            toolExecutionNotifications: [{ level: 'error', message: { text: `context ${outcome.context}: ${outcome.error}` } }],
          },
        ],
        results: [],
        properties: { context: outcome.context },
      };
    }),
  );
}

export function sarifLog(runs: unknown[]): string {
  return toJson({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs });
}

function tool() {
  return {
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
  };
}

function auditRun(report: AuditReport) {
  return {
    tool: tool(),
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
  };
}
