import type { CheckStatus, DoctorResult } from '../doctor/model.js';
import type { AuditReport, Finding, Severity } from '../surface/audit.js';
import type { ApiSurface } from '../surface/model.js';
import { availableText, findApiService, groupVersionString, servedByLabel, serviceText } from '../surface/vocabulary.js';
import { escapeHtml } from './atlas-html.js';

/** What the page shows besides the findings: the doctor's chains (live clusters only) and the served-by table. */
export interface AuditPageInput {
  report: AuditReport;
  surface: ApiSurface;
  /** undefined with the reason when the doctor did not run (a snapshot, or APIServices unreadable). */
  chains: DoctorResult[] | { notice: string };
  generatedAt: Date;
}

const severityTitles: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };
const statusMark: Record<CheckStatus, string> = { ok: '✔', warn: '!', fail: '✘' };

/**
 * One self-contained HTML page (inline CSS, no script, no request): the
 * findings grouped by severity, the doctor's chain per aggregated APIService,
 * and who serves each group-version. Every text from the server is escaped.
 */
export function renderAuditHtml(input: AuditPageInput): string {
  const { report } = input;
  const title = `kapi audit: ${sourceOf(report)}`;
  const header = `<h1>${escapeHtml(title)}</h1>
${metaLine(report, input.generatedAt)}
${pills(report)}
<nav><a href="#findings">Findings</a> · <a href="#doctor">Aggregated APIs</a> · <a href="#served-by">Served by</a></nav>`;
  return page(title, header, clusterSections(input, { prefix: '', level: 2 }));
}

/** One cluster of a fleet page: its audit, or why it could not be audited. */
export type FleetPageContext = { context: string; page: AuditPageInput } | { context: string; error: string };

/**
 * Several clusters on one page: the matrix first (one row per context, linking
 * to its section), then a section per context with the same parts as the
 * single-cluster page; ids are prefixed c<index>- so they stay unique.
 */
export function renderFleetAuditHtml(contexts: FleetPageContext[], generatedAt: Date): string {
  const title = `kapi audit: ${contexts.length} cluster${contexts.length === 1 ? '' : 's'}`;
  const failed = contexts.some((entry) => 'error' in entry || entry.page.report.failed);
  const header = `<h1>${escapeHtml(title)}</h1>
<p class="meta">generated ${escapeHtml(generatedAt.toISOString())} · <strong class="${failed ? 'failed' : 'passed'}">${failed ? 'FAILED' : 'PASSED'}</strong></p>
<nav><a href="#matrix">Matrix</a>${contexts.map((entry, index) => ` · <a href="#context-${index}">${escapeHtml(entry.context)}</a>`).join('')}</nav>`;
  const rows = contexts.map((entry, index) => {
    const name = `<td><a href="#context-${index}">${escapeHtml(entry.context)}</a></td>`;
    if ('error' in entry)
      return `<tr class="result-error" data-context="${escapeHtml(entry.context)}">${name}<td>-</td><td>-</td><td>-</td><td>error</td></tr>`;
    const { summary, failed: contextFailed } = entry.page.report;
    const result = contextFailed ? 'fail' : 'pass';
    return `<tr class="result-${result}" data-context="${escapeHtml(entry.context)}">${name}<td>${summary.error}</td><td>${summary.warning}</td><td>${summary.info}</td><td>${result}</td></tr>`;
  });
  const matrix = `<section id="matrix">
<h2>Matrix</h2>
<table class="matrix"><thead><tr><th>Context</th><th>Errors</th><th>Warnings</th><th>Info</th><th>Result</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</section>`;
  const sections = contexts.map((entry, index) => {
    const open = `<section class="context" id="context-${index}" data-context="${escapeHtml(entry.context)}">
<h2>context ${escapeHtml(entry.context)}</h2>`;
    if ('error' in entry) return `${open}\n<p class="not-checked">not checked: ${escapeHtml(entry.error)}</p>\n</section>`;
    const { report } = entry.page;
    return `${open}
${metaLine(report, undefined, sourceOf(report))}
${pills(report)}
${clusterSections(entry.page, { prefix: `c${index}-`, level: 3 })}
</section>`;
  });
  return page(title, header, [matrix, ...sections].join('\n'));
}

function sourceOf(report: AuditReport): string {
  return report.source.server ?? report.source.path ?? 'unknown source';
}

function metaLine(report: AuditReport, generatedAt: Date | undefined, source?: string): string {
  const parts = [
    ...(source ? [escapeHtml(source)] : []),
    `Kubernetes ${escapeHtml(report.source.serverVersion ?? 'unknown')}`,
    ...(generatedAt ? [`generated ${escapeHtml(generatedAt.toISOString())}`] : []),
    `fail on ${escapeHtml(report.failOn)}`,
    `<strong class="${report.failed ? 'failed' : 'passed'}">${report.failed ? 'FAILED' : 'PASSED'}</strong>`,
  ];
  return `<p class="meta">${parts.join(' · ')}</p>`;
}

function pills(report: AuditReport): string {
  return `<p class="summary"><span class="pill error">${report.summary.error} errors</span> <span class="pill warning">${report.summary.warning} warnings</span> <span class="pill info">${report.summary.info} info</span></p>`;
}

function page(title: string, header: string, main: string): string {
  return `<!doctype html>
<html lang="en" data-ready="true">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<header>
${header}
</header>
<main>
${main}
</main>
</body>
</html>
`;
}

/** Where a cluster's parts go: id prefix and the heading level of its section titles. */
interface Placement {
  prefix: string;
  level: number;
}

function clusterSections(input: AuditPageInput, { prefix, level }: Placement): string {
  const { report, surface } = input;
  const h = `h${level}`;
  return `<section id="${prefix}findings" class="findings">
<${h}>Findings</${h}>
${(['error', 'warning', 'info'] as Severity[])
  .map((severity) =>
    findingsSection(
      severity,
      report.findings.filter((f) => f.severity === severity),
      { prefix, level: level + 1 },
    ),
  )
  .join('\n')}
</section>
<section id="${prefix}doctor" class="doctor">
<${h}>Aggregated APIs: the doctor's chains</${h}>
${'notice' in input.chains ? `<p class="notice">${escapeHtml(input.chains.notice)}</p>` : chains(input.chains, level + 1)}
</section>
<section id="${prefix}served-by" class="served-by">
<${h}>Served by</${h}>
${servedByTable(surface)}
</section>`;
}

function findingsSection(severity: Severity, findings: Finding[], { prefix, level }: Placement): string {
  const body =
    findings.length === 0
      ? '<p class="none">None.</p>'
      : `<table><thead><tr><th>Check</th><th>Object</th><th>Message</th><th>Source</th></tr></thead><tbody>
${findings
  .map(
    (f) =>
      `<tr class="finding"><td><code>${escapeHtml(f.check)}</code></td><td>${escapeHtml(`${f.object.kind}/${f.object.name}`)}</td><td>${escapeHtml(f.message)}</td><td>${escapeHtml(f.source ?? '')}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
  return `<section class="severity ${severity}" id="${prefix}severity-${severity}" data-count="${findings.length}">
<h${level}>${severityTitles[severity]} (${findings.length})</h${level}>
${body}
</section>`;
}

function chains(results: DoctorResult[], level: number): string {
  if (results.length === 0) return '<p class="none">No APIService proxies to a service.</p>';
  return results
    .map(
      (result) => `<article class="chain status-${result.status}" data-apiservice="${escapeHtml(result.apiService)}">
<h${level}><span class="mark">${statusMark[result.status]}</span> ${escapeHtml(result.apiService)}${result.service ? ` → ${escapeHtml(result.service)}` : ''} <span class="status">${result.status}</span></h${level}>
<ol class="links">
${result.checks
  .map(
    (check) =>
      `<li class="link ${check.status}" data-check="${check.id}"><span class="mark">${statusMark[check.status]}</span> <strong>${check.id}</strong> <span class="message">${escapeHtml(check.message)}</span>${check.hint ? `<div class="hint">hint: ${escapeHtml(check.hint)}</div>` : ''}</li>`,
  )
  .join('\n')}
</ol>
</article>`,
    )
    .join('\n');
}

function servedByTable(surface: ApiSurface): string {
  const rows = surface.groups.flatMap((group) =>
    group.versions.map((version) => {
      const label = servedByLabel(version.servedBy);
      const apiService = findApiService(surface.apiServices, group.name, version.version);
      const via = version.servedBy.type === 'aggregated' ? serviceText(version.servedBy.service) : '';
      const available = apiService?.available ? availableText(apiService.available) : '';
      return `<tr class="served-${label.toLowerCase()}${version.freshness === 'Stale' ? ' stale' : ''}"><td>${escapeHtml(groupVersionString(group.name, version.version))}</td><td>${label}</td><td>${escapeHtml(apiService?.name ?? '')}</td><td>${escapeHtml(via)}</td><td>${escapeHtml(available)}</td><td>${version.freshness}</td><td>${version.resources.length}</td></tr>`;
    }),
  );
  return `<table class="served-by"><thead><tr><th>Group/version</th><th>Served by</th><th>APIService</th><th>Service</th><th>Available</th><th>Freshness</th><th>Resources</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

const css = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}
header a{color:#9ecbff}.meta{margin:0;color:#d0d7de}.failed{color:#ff8182}.passed{color:#7ee787}
main{padding:8px 24px 32px}h2{border-bottom:1px solid #d0d7de;padding-bottom:4px}
.pill{display:inline-block;border-radius:10px;padding:1px 10px;font-weight:600}
.pill.error{background:#ffebe9;color:#cf222e}.pill.warning{background:#fff8c5;color:#7d4e00}.pill.info{background:#ddf4ff;color:#0969da}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:12px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eaeef2;white-space:nowrap}.finding td:first-child,.finding td:last-child{white-space:nowrap}
.severity.error :is(h3,h4){color:#cf222e}.severity.warning :is(h3,h4){color:#9a6700}.severity.info :is(h3,h4){color:#0969da}
.context{border-top:3px solid #24292f;margin-top:24px}.context .meta{color:#57606a}.context .failed{color:#cf222e}.context .passed{color:#1a7f37}.context>h2{font-size:20px}.not-checked{color:#cf222e;font-weight:600}
tr.result-fail td:last-child,tr.result-error td:last-child{color:#cf222e;font-weight:600}tr.result-pass td:last-child{color:#1a7f37;font-weight:600}
.chain{background:#fff;border:1px solid #d0d7de;border-left:6px solid #2da44e;border-radius:6px;padding:8px 16px;margin:12px 0}
.chain.status-warn{border-left-color:#bf8700}.chain.status-fail{border-left-color:#cf222e}
.chain h3,.chain h4{margin:4px 0 8px;font-size:15px}.chain .status{font-size:12px;text-transform:uppercase;color:#57606a}
ol.links{list-style:none;margin:0;padding:0 0 0 8px;border-left:2px dashed #d0d7de}
.link{margin:4px 0;padding:2px 8px}.link .mark{display:inline-block;width:1.2em;font-weight:700}
.link.ok .mark{color:#2da44e}.link.warn .mark{color:#bf8700}.link.fail .mark{color:#cf222e}
.link.fail{background:#ffebe9}.link.warn{background:#fff8c5}
.hint{color:#57606a;font-style:italic;margin-left:1.6em}
tr.served-aggregated td:nth-child(2){color:#8250df;font-weight:600}tr.served-crd td:nth-child(2){color:#0969da}
tr.stale{background:#ffebe9}.notice,.none{color:#57606a}
`;
