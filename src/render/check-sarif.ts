import { checkRules, type ManifestCheck } from '../check/findings.js';
import { kapiVersion } from '../version.js';
import { level, sarifLog } from './audit-sarif.js';
import { objectOf } from './check.js';

/**
 * SARIF 2.1.0 for kapi check: one run, a rule per check id, a result per finding with a
 * physical location (the file as a relative URI, region.startLine and startColumn), so code
 * scanning annotates the line of a pull request. A Helm release's findings keep their logical
 * place ("helm-release/NS/NAME/REVISION") as the URI.
 */
export function renderCheckSarif(report: ManifestCheck): string {
  const run = {
    tool: {
      driver: {
        name: 'kapi',
        version: kapiVersion,
        informationUri: 'https://kapi.dev/',
        rules: checkRules.map((rule) => ({
          id: rule.id,
          name: rule.id,
          shortDescription: { text: rule.description },
          defaultConfiguration: { level: level[rule.severity] },
        })),
      },
    },
    results: report.findings.map((finding) => ({
      ruleId: finding.check,
      ruleIndex: checkRules.findIndex((rule) => rule.id === finding.check),
      level: level[finding.severity],
      message: { text: finding.hint ? `${finding.message} (${finding.hint})` : finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(finding.file) },
            region: { startLine: finding.line, startColumn: finding.column },
          },
          ...(finding.kind === null ? {} : { logicalLocations: [{ fullyQualifiedName: objectOf(finding), kind: 'object' }] }),
        },
      ],
      properties: {
        documentIndex: finding.documentIndex,
        apiVersion: finding.apiVersion,
        field: finding.field,
      },
    })),
    properties: {
      server: report.source.server,
      snapshot: report.source.path,
      serverVersion: report.source.serverVersion,
      target: report.target,
      failOn: report.failOn,
      failed: report.failed,
    },
  };
  return sarifLog([run]);
}

/** A path as a relative URI reference: separators kept, everything else percent-encoded. */
function uriOf(file: string): string {
  return file
    .replace(/^\.\//, '')
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
