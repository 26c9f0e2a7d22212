import type { ManifestCheck, ManifestFinding } from '../check/findings.js';
import { fails } from '../surface/audit.js';
import { attribute, document, text, timestampOf } from './audit-junit.js';
import { type CheckedObject, objectOf, placeOf } from './check.js';

/**
 * JUnit XML for kapi check: a test suite per file, a test case per object (its KIND/NAME and
 * document), failed when one of its findings is at or above --fail-on. A finding about the
 * whole file (unreadable, not YAML) is a test case of its own, "file". Findings below the
 * threshold pass and are listed in the suite's system-out.
 */
export function renderCheckJunit(report: ManifestCheck, objects: readonly CheckedObject[], now: Date): string {
  const timestamp = timestampOf(now);
  const byFile = new Map<string, Map<string, ManifestFinding[]>>();
  const caseOf = (file: string, name: string) => {
    const cases = byFile.get(file) ?? new Map<string, ManifestFinding[]>();
    byFile.set(file, cases);
    const findings = cases.get(name) ?? [];
    cases.set(name, findings);
    return findings;
  };
  for (const object of objects) caseOf(object.file, `${object.kind}/${object.name ?? '<unnamed>'} (document ${object.documentIndex})`);
  for (const finding of report.findings) caseOf(finding.file, caseName(finding)).push(finding);
  const suites = [...byFile].map(([file, cases], id) => {
    let failures = 0;
    const below: string[] = [];
    const lines = [...cases].map(([name, findings]) => {
      const failing = findings.filter((finding) => fails([finding], report.failOn));
      for (const finding of findings) if (!fails([finding], report.failOn)) below.push(describe(finding));
      if (failing.length === 0) return `    <testcase classname="${attribute(file)}" name="${attribute(name)}" time="0"/>`;
      failures++;
      const first = failing[0] as ManifestFinding;
      return (
        `    <testcase classname="${attribute(file)}" name="${attribute(name)}" time="0">\n` +
        `      <failure type="${first.check}" message="${attribute(first.message)}">${text(failing.map(describe).join('\n'))}</failure>\n` +
        '    </testcase>'
      );
    });
    return [
      `  <testsuite package="kapi.check" id="${id}" name="${attribute(file)}" timestamp="${timestamp}" hostname="localhost" tests="${lines.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
      '    <properties>',
      `      <property name="failOn" value="${report.failOn}"/>`,
      `      <property name="target" value="${attribute(report.target ?? '')}"/>`,
      '    </properties>',
      ...lines,
      `    <system-out>${text(below.join('\n'))}</system-out>`,
      '    <system-err></system-err>',
      '  </testsuite>',
    ].join('\n');
  });
  return document(suites);
}

function caseName(finding: ManifestFinding): string {
  if (finding.documentIndex === null) return 'file';
  return `${objectOf(finding)} (document ${finding.documentIndex})`;
}

function describe(finding: ManifestFinding): string {
  const field = finding.field ? ` ${finding.field}` : '';
  const hint = finding.hint ? ` (${finding.hint})` : '';
  return `${placeOf(finding)}:${finding.column} ${finding.severity} ${finding.check}${field}: ${finding.message}${hint}`;
}
