// kapi audit -o junit and -o sarif, validated against their published schemas.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContextOutcome } from '../../src/cli/fleet.ts';
import { renderAuditFleet } from '../../src/render/audit-fleet.ts';
import { renderAuditHtml, renderFleetAuditHtml } from '../../src/render/audit-html.ts';
import { renderAuditJunit, renderFleetJunit } from '../../src/render/audit-junit.ts';
import { renderAuditSarif, renderFleetSarif } from '../../src/render/audit-sarif.ts';
import { type AuditReport, auditReport, auditSurface } from '../../src/surface/audit.ts';
import { sarifErrors, validateJunit } from '../support/report-schemas.ts';
import { captureSurface } from '../support/surfaces.ts';

const surface = captureSurface('kube-v1.36.3');
const hostile = {
  severity: 'warning' as const,
  check: 'deprecated-api-warning' as const,
  object: { kind: 'Resource' as const, name: 'x.example.com/v1/<things>&"' },
  message: 'the server warns: "a\u0001b\u001b[31m <tag> & \'q\'"',
  source: 'warning-header' as const,
};
const report = auditReport(surface, [...auditSurface(surface), hostile], 'warning');
const now = new Date('2026-11-24T06:00:00Z');

describe('-o junit', () => {
  const xml = renderAuditJunit(report, now);
  test('validates against the Ant JUnit XSD', () => validateJunit(xml));
  test('one test case per check and object; failures at or above --fail-on', () => {
    const cases = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(cases, [
      'kapi.audit.discovery-failed discovery-failed',
      'kapi.audit.group-version-stale GroupVersion/broken.example.com/v1',
      'kapi.audit.apiservice-unavailable APIService/v1.broken.example.com',
      'kapi.audit.apiservice-insecure-tls APIService/v1.broken.example.com',
      'kapi.audit.apiservice-insecure-tls APIService/v1alpha1.wardle.example.com',
      'kapi.audit.prerelease-version GroupVersion/stable.example.com/v1beta1',
      'kapi.audit.removed-upstream removed-upstream',
      'kapi.audit.deprecated-upstream deprecated-upstream',
      'kapi.audit.resource-name-conflict Resource/events',
      'kapi.audit.served-by-unknown served-by-unknown',
      'kapi.audit.deprecated-api-requested deprecated-api-requested',
      'kapi.audit.deprecated-api-warning Resource/x.example.com/v1/&lt;things&gt;&amp;&quot;',
      'kapi.audit.deprecated-crd-version deprecated-crd-version',
    ]);
    assert.match(xml, / tests="13" failures="6" errors="0" /);
    assert.match(xml, /<system-out>info resource-name-conflict Resource\/events: served by v1 \(Local\)/);
    assert.match(xml, /a\\u0001b\\u001b\[31m &lt;tag&gt; &amp; 'q'/);
  });
  test('a report with no findings validates too', () => validateJunit(renderAuditJunit(auditReport(surface, [], 'error'), now)));
});

describe('-o sarif', () => {
  const sarif = JSON.parse(renderAuditSarif(report));
  test('validates against the SARIF 2.1.0 schema', () => assert.deepEqual(sarifErrors(sarif), []));
  test('a rule per check, a result per finding with a logical location', () => {
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.rules.length, 12);
    assert.equal(run.results.length, report.findings.length);
    assert.deepEqual(
      run.results.find((r: { ruleId: string }) => r.ruleId === 'resource-name-conflict'),
      {
        ruleId: 'resource-name-conflict',
        ruleIndex: 7,
        level: 'note',
        message: { text: 'served by v1 (Local), events.k8s.io/v1 (Local); the bare name means events (the core group comes first)' },
        locations: [{ logicalLocations: [{ name: 'events', fullyQualifiedName: 'Resource/events', kind: 'object' }] }],
      },
    );
    assert.deepEqual(run.results.find((r: { ruleId: string }) => r.ruleId === 'deprecated-api-warning').properties, {
      source: 'warning-header',
    });
  });
  test('the schema rejects what is not SARIF (the validator is live)', () => {
    assert.notDeepEqual(sarifErrors({ version: '2.1.0', runs: [{ tool: {} }] }), []);
  });
});

describe('--html', () => {
  test('server text is escaped; no script, no external reference', () => {
    const html = renderAuditHtml({
      report,
      surface,
      chains: { notice: 'The doctor checks a live cluster; this audit read a snapshot.' },
      generatedAt: now,
    });
    assert.match(html, /x\.example\.com\/v1\/&#60;things&#62;&#38;&#34;/);
    assert.doesNotMatch(html, /<script|<link|src=|url\(/i);
    assert.match(html, /<section class="severity error" id="severity-error" data-count="2">/);
    assert.match(html, /<p class="notice">The doctor checks a live cluster; this audit read a snapshot\.<\/p>/);
  });
});

describe('several contexts', () => {
  const clean = auditReport(surface, [], 'error');
  const outcomes: Array<ContextOutcome<AuditReport>> = [
    { context: 'prod', result: report },
    { context: 'arn:aws:eks:eu-west-1:1:cluster/<edge>&"', error: 'failed to GET https://127.0.0.1:1/api: connect ECONNREFUSED' },
    { context: 'staging', result: clean },
  ];
  test('JUnit: one test suite per context, the unreachable one an <error>; validates against the XSD', () => {
    const xml = renderFleetJunit(outcomes, now);
    validateJunit(xml);
    assert.deepEqual(
      [...xml.matchAll(/<testsuite package="kapi.audit" id="(\d)" name="([^"]+)"[^>]* tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)].map(
        (m) => m.slice(1).join(' '),
      ),
      [
        '0 kapi audit context prod 13 6 0',
        '1 kapi audit context arn:aws:eks:eu-west-1:1:cluster/&lt;edge&gt;&amp;&quot; 1 0 1',
        '2 kapi audit context staging 12 0 0',
      ],
    );
    assert.match(
      xml,
      /<testcase classname="kapi.audit.cluster" name="reachable" time="0">\n {6}<error type="unreachable" message="failed to GET https:\/\/127.0.0.1:1\/api: connect ECONNREFUSED">/,
    );
    assert.match(xml, /<property name="context" value="staging"\/>/);
  });
  test('SARIF: one run per context (automationDetails.id kapi-audit/<context>/), the unreachable one a failed invocation; validates', () => {
    const sarif = JSON.parse(renderFleetSarif(outcomes));
    assert.deepEqual(sarifErrors(sarif), []);
    assert.deepEqual(
      sarif.runs.map((run: { automationDetails: { id: string }; results: unknown[]; properties: { context: string } }) => [
        run.automationDetails.id,
        run.properties.context,
        run.results.length,
      ]),
      [
        ['kapi-audit/prod/', 'prod', report.findings.length],
        ['kapi-audit/arn:aws:eks:eu-west-1:1:cluster/<edge>&"/', 'arn:aws:eks:eu-west-1:1:cluster/<edge>&"', 0],
        ['kapi-audit/staging/', 'staging', 0],
      ],
    );
    assert.deepEqual(sarif.runs[1].invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: {
              text: 'context arn:aws:eks:eu-west-1:1:cluster/<edge>&": failed to GET https://127.0.0.1:1/api: connect ECONNREFUSED',
            },
          },
        ],
      },
    ]);
  });
  test('markdown: a section per context, then the matrix', () => {
    const markdown = renderAuditFleet(outcomes, { format: 'markdown' });
    assert.deepEqual(
      markdown.split('\n').filter((line) => line.startsWith('## ')),
      ['## context prod', '## context arn:aws:eks:eu-west-1:1:cluster/&lt;edge&gt;&amp;"', '## context staging', '## Matrix'],
    );
    assert.ok(
      markdown.endsWith(`## Matrix

| CONTEXT | ERRORS | WARNINGS | INFO | RESULT |
| --- | --- | --- | --- | --- |
| prod | 2 | 4 | 1 | fail |
| arn:aws:eks:eu-west-1:1:cluster/&lt;edge&gt;&amp;" | - | - | - | error |
| staging | 0 | 0 | 0 | pass |
`),
      markdown,
    );
    assert.match(markdown, /## context staging\n\nNo findings\.\n/);
  });
  test('text and markdown: a context name or error a terminal would act on is escaped in its section', () => {
    const hostileOutcomes: Array<ContextOutcome<AuditReport>> = [{ context: 'evil\u001b[2J', error: 'refused\u001b]0;title\u0007' }];
    for (const format of ['text', 'markdown'] as const) {
      const printed = renderAuditFleet(hostileOutcomes, { format });
      assert.doesNotMatch(printed, /\u001b|\u0007/, format);
      assert.match(printed, /context evil\\x1b\[2J/, format);
      assert.match(printed, /not checked: refused\\x1b\]0;title\\a/, format);
    }
  });
  test('HTML: the matrix and a section per context, ids unique, server text escaped', () => {
    const html = renderFleetAuditHtml(
      outcomes.map((outcome) =>
        'error' in outcome
          ? outcome
          : { context: outcome.context, page: { report: outcome.result, surface, chains: [], generatedAt: now } },
      ),
      now,
    );
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids.length, new Set(ids).size);
    assert.ok(ids.includes('c0-severity-error') && ids.includes('c2-served-by') && ids.includes('matrix'));
    assert.match(html, /<p class="not-checked">not checked: failed to GET https:\/\/127\.0\.0\.1:1\/api: connect ECONNREFUSED<\/p>/);
    assert.match(html, /data-context="arn:aws:eks:eu-west-1:1:cluster\/&#60;edge&#62;&#38;&#34;"/);
    assert.doesNotMatch(html, /<script|<link|src=|url\(/i);
  });
});
