import type { ContextOutcome } from '../cli/fleet.js';
import { type AuditReport, type Finding, fails } from '../surface/audit.js';
import { auditRules } from './audit-rules.js';

/**
 * JUnit XML (the Ant schema CI systems read): one test suite for the audit, one
 * test case per check and object. A finding at or above --fail-on is a
 * <failure type="severity">; one below it passes and is listed in system-out; a
 * check with no finding is one passing test case.
 */
export function renderAuditJunit(report: AuditReport, now: Date): string {
  const name = `kapi audit ${report.source.server ?? report.source.path ?? ''}`.trim();
  return document([auditSuite(report, { id: 0, name, timestamp: timestampOf(now), properties: [] })]);
}

/**
 * Several clusters: one test suite per context, named after it, with a
 * `context` property. A cluster that could not be audited is a suite with one
 * test case, kapi.audit.cluster "reachable", in <error type="unreachable">.
 */
export function renderFleetJunit(outcomes: Array<ContextOutcome<AuditReport>>, now: Date): string {
  const timestamp = timestampOf(now);
  return document(
    outcomes.map((outcome, id) => {
      const properties = [['context', outcome.context] as const];
      if ('result' in outcome) {
        const where = outcome.result.source.server ? ` (${outcome.result.source.server})` : '';
        return auditSuite(outcome.result, { id, name: `kapi audit context ${outcome.context}${where}`, timestamp, properties });
      }
      return [
        `  <testsuite package="kapi.audit" id="${id}" name="${attribute(`kapi audit context ${outcome.context}`)}" timestamp="${timestamp}" hostname="${attribute(outcome.context)}" tests="1" failures="0" errors="1" skipped="0" time="0">`,
        '    <properties>',
        `      <property name="context" value="${attribute(outcome.context)}"/>`,
        '    </properties>',
        '    <testcase classname="kapi.audit.cluster" name="reachable" time="0">',
        `      <error type="unreachable" message="${attribute(outcome.error)}">${text(`context ${outcome.context}: ${outcome.error}`)}</error>`,
        '    </testcase>',
        '    <system-out></system-out>',
        '    <system-err></system-err>',
        '  </testsuite>',
      ].join('\n');
    }),
  );
}

export function document(suites: string[]): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>', ...suites, '</testsuites>', ''].join('\n');
}

/** The schema's timestamp: ISO 8601 without a time zone. */
export function timestampOf(now: Date): string {
  return now.toISOString().slice(0, 19);
}

interface SuiteOptions {
  id: number;
  name: string;
  timestamp: string;
  properties: ReadonlyArray<readonly [string, string]>;
}

function auditSuite(report: AuditReport, options: SuiteOptions): string {
  const cases: string[] = [];
  const below: string[] = [];
  let failures = 0;
  for (const rule of auditRules) {
    const findings = report.findings.filter((finding) => finding.check === rule.id);
    if (findings.length === 0) {
      cases.push(`    <testcase classname="kapi.audit.${rule.id}" name="${rule.id}" time="0"/>`);
      continue;
    }
    for (const finding of findings) {
      const name = attribute(`${finding.object.kind}/${finding.object.name}`);
      if (fails([finding], report.failOn)) {
        failures++;
        cases.push(
          `    <testcase classname="kapi.audit.${rule.id}" name="${name}" time="0">\n` +
            `      <failure type="${finding.severity}" message="${attribute(finding.message)}">${text(describe(finding))}</failure>\n` +
            '    </testcase>',
        );
      } else {
        below.push(describe(finding));
        cases.push(`    <testcase classname="kapi.audit.${rule.id}" name="${name}" time="0"/>`);
      }
    }
  }
  const properties: ReadonlyArray<readonly [string, string]> = [
    ...options.properties,
    ['failOn', report.failOn],
    ['serverVersion', report.source.serverVersion ?? ''],
  ];
  return [
    `  <testsuite package="kapi.audit" id="${options.id}" name="${attribute(options.name)}" timestamp="${options.timestamp}" hostname="${attribute(hostOf(report))}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${name}" value="${attribute(value)}"/>`),
    '    </properties>',
    ...cases,
    `    <system-out>${text(below.join('\n'))}</system-out>`,
    '    <system-err></system-err>',
    '  </testsuite>',
  ].join('\n');
}

function describe(finding: Finding): string {
  const source = finding.source ? ` (source: ${finding.source})` : '';
  return `${finding.severity} ${finding.check} ${finding.object.kind}/${finding.object.name}: ${finding.message}${source}`;
}

function hostOf(report: AuditReport): string {
  if (report.source.server) {
    try {
      return new URL(report.source.server).host || 'cluster';
    } catch {
      return 'cluster';
    }
  }
  return 'snapshot';
}

/** XML 1.0 cannot carry most control characters even escaped: they are written as \uXXXX text. */
function clean(value: string): string {
  return value.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
