import { type AuditReport, type Finding, fails } from '../surface/audit.js';
import { auditRules } from './audit-rules.js';

/**
 * JUnit XML (the Ant schema CI systems read): one test suite for the audit, one
 * test case per check and object. A finding at or above --fail-on is a
 * <failure type="severity">; one below it passes and is listed in system-out; a
 * check with no finding is one passing test case.
 */
export function renderAuditJunit(report: AuditReport, now: Date): string {
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
  const suiteName = attribute(`kapi audit ${report.source.server ?? report.source.path ?? ''}`.trim());
  const host = attribute(hostOf(report));
  const timestamp = now.toISOString().slice(0, 19);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites>',
    `  <testsuite package="kapi.audit" id="0" name="${suiteName}" timestamp="${timestamp}" hostname="${host}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    '    <properties>',
    `      <property name="failOn" value="${report.failOn}"/>`,
    `      <property name="serverVersion" value="${attribute(report.source.serverVersion ?? '')}"/>`,
    '    </properties>',
    ...cases,
    `    <system-out>${text(below.join('\n'))}</system-out>`,
    '    <system-err></system-err>',
    '  </testsuite>',
    '</testsuites>',
    '',
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

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
