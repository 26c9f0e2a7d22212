import type { ApiGroupVersion, ApiServiceInfo, ApiSurface } from './model.js';
import { nameConflicts } from './name-conflicts.js';
import { availableText, compareBytes, findApiService, groupVersionString, resourceVersionPath } from './vocabulary.js';

/**
 * Health and hygiene findings on one API surface. Pure. Every finding has a
 * stable check id (below), a severity and the object it is about. The JSON
 * shape printed by `kapi audit -o json|yaml` is AuditReport.
 *
 * Checks (id: severity):
 * - discovery-failed: error. A group-version discovery lists but that answered an error.
 * - group-version-stale: error. A group-version aggregated discovery marks Stale (its server is unavailable).
 * - apiservice-unavailable: error. An APIService whose Available condition is not True.
 * - apiservice-insecure-tls: warning. An APIService with insecureSkipTLSVerify: the aggregator does not check its server.
 * - prerelease-version: warning when every resource of an alpha/beta group-version is also served by a GA version
 *   of the same group (clients should move), info when some are not.
 * - removed-upstream: warning. A served built-in kind that Kubernetes removes at or before the target release
 *   (--target-version, else the newest release kapi knows), from the lifecycle data (src/releases/findings.ts,
 *   source lifecycle, with the replacement). With --reference, also a built-in group-version that the reference
 *   snapshot (a newer release) does not serve and the lifecycle data did not already flag (source reference).
 * - deprecated-upstream: info, only with --target-version. A served built-in kind deprecated at or before the target
 *   and not removed by it (source lifecycle, with the replacement).
 * - resource-name-conflict: warning when a resource name is served by several groups and one of them is not
 *   built in (a CRD or aggregated API shadows or is shadowed); info when all are built in (core and events.k8s.io "events").
 * - served-by-unknown: info. APIServices or CRDs could not be read (RBAC), so served-by and the APIService checks are incomplete.
 * - deprecated-crd-version: warning (source crd). A served CRD version marked deprecated: true, with its deprecationWarning.
 * - deprecated-api-requested: warning (source metrics). kube-apiserver's apiserver_requested_deprecated_apis: a client
 *   requested a deprecated API since the server started (src/deprecations/).
 * - deprecated-api-warning: warning (source warning-header). --probe-deprecated: a list of a non-preferred version
 *   answered with a Warning: 299 header.
 * removed-upstream and deprecated-upstream findings carry source lifecycle or reference.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A check of audit's or check's, as its reports describe it: JUnit, SARIF's rules, HTML. */
export interface RuleDescription<Id extends string> {
  id: Id;
  /** Its usual severity. */
  severity: Severity;
  /** One line saying what it finds. */
  description: string;
}

export const severities = ['error', 'warning', 'info'] as const satisfies readonly Severity[];

export type CheckId =
  | 'discovery-failed'
  | 'group-version-stale'
  | 'apiservice-unavailable'
  | 'apiservice-insecure-tls'
  | 'prerelease-version'
  | 'removed-upstream'
  | 'deprecated-upstream'
  | 'resource-name-conflict'
  | 'served-by-unknown'
  | 'deprecated-api-requested'
  | 'deprecated-api-warning'
  | 'deprecated-crd-version';

/** Where a deprecation finding's evidence comes from. */
export type EvidenceSource = 'metrics' | 'warning-header' | 'crd' | 'reference' | 'lifecycle';

export interface AuditObject {
  kind: 'GroupVersion' | 'APIService' | 'Resource' | 'Registrations';
  /** "batch/v1beta1", "v1.wardle.example.com", "events", "apiservices,customresourcedefinitions". */
  name: string;
}

export interface Finding {
  severity: Severity;
  check: CheckId;
  object: AuditObject;
  message: string;
  /** Deprecation findings only: the server's evidence (metrics, warning-header, crd), the reference release or the lifecycle data. */
  source?: EvidenceSource;
  /** Lifecycle findings only: the kind k8s.io/api names as the replacement ("" is the core group). */
  replacement?: { group: string; version: string; kind: string };
}

export interface AuditOptions {
  /** A newer release's surface, for removed-upstream. */
  reference?: ApiSurface;
  /** How the reference is named in messages, e.g. "builtin". */
  referenceLabel?: string;
  /** Findings gathered from the live server (deprecation metrics, warning headers), sorted in with the rest. */
  evidence?: Finding[];
  /** Findings from the lifecycle data (src/releases/findings.ts); the reference check skips the group-versions they name. */
  upstream?: Finding[];
  /** The release that removes a built-in kind, from the lifecycle data: a pre-GA kind removed upstream will have no GA version. */
  removedIn?: (group: string, version: string, kind: string) => string | undefined;
}

export function auditSurface(surface: ApiSurface, options: AuditOptions = {}): Finding[] {
  const findings = [
    ...discoveryFindings(surface),
    ...apiServiceFindings(surface.apiServices ?? []),
    ...prereleaseFindings(surface, options.removedIn ?? (() => undefined)),
    ...(options.upstream ?? []),
    ...(options.reference
      ? removedUpstreamFindings(surface, options.reference, options.referenceLabel ?? 'the reference', options.upstream ?? [])
      : []),
    ...conflictFindings(surface),
    ...crdDeprecationFindings(surface),
    ...(options.evidence ?? []),
    ...(surface.servedByNotice
      ? [
          finding(
            'info',
            'served-by-unknown',
            'Registrations',
            'apiservices,customresourcedefinitions',
            `${surface.servedByNotice}; APIService checks are incomplete`,
          ),
        ]
      : []),
  ];
  return findings.sort(compareFindings);
}

export function finding(
  severity: Severity,
  check: CheckId,
  kind: AuditObject['kind'],
  name: string,
  message: string,
  source?: EvidenceSource,
): Finding {
  return { severity, check, object: { kind, name }, message, ...(source ? { source } : {}) };
}

/** CRD versions marked deprecated: true, with the deprecationWarning the server sends on every request to them. */
function crdDeprecationFindings(surface: ApiSurface): Finding[] {
  return (surface.crds ?? []).flatMap((crd) =>
    (crd.deprecatedVersions ?? []).map(({ version, warning }) =>
      finding(
        'warning',
        'deprecated-crd-version',
        'Resource',
        resourceVersionPath(crd.group, version, crd.plural),
        `CRD ${crd.name} marks ${version} deprecated${warning ? `: "${warning}"` : ''}`,
        'crd',
      ),
    ),
  );
}

function discoveryFindings(surface: ApiSurface): Finding[] {
  const stale = (group: string, version: string) =>
    finding(
      'error',
      'group-version-stale',
      'GroupVersion',
      groupVersionString(group, version),
      `stale in aggregated discovery: its API server is unavailable${apiServiceWhy(surface, group, version)}`,
    );
  const findings = surface.failures.map((failure) =>
    failure.reason === 'stale'
      ? stale(failure.group, failure.version)
      : finding(
          'error',
          'discovery-failed',
          'GroupVersion',
          groupVersionString(failure.group, failure.version),
          `discovery failed (${failure.reason}${failure.status ? ` ${failure.status}` : ''}): ${failure.message}`,
        ),
  );
  // A version listed as Stale that discovery did not also fail on.
  const failed = new Set(surface.failures.map((failure) => groupVersionString(failure.group, failure.version)));
  for (const version of servedVersions(surface)) {
    if (version.freshness === 'Stale' && !failed.has(groupVersionString(version.group, version.version))) {
      findings.push(stale(version.group, version.version));
    }
  }
  return findings;
}

/** "; APIService v1.x is Available=False (Reason)" when the routing APIService says why. */
function apiServiceWhy(surface: ApiSurface, group: string, version: string): string {
  const apiService = findApiService(surface.apiServices, group, version);
  if (!apiService?.available || apiService.available.status === 'True') return '';
  return `; APIService ${apiService.name} is Available=${availableText(apiService.available)}`;
}

function apiServiceFindings(apiServices: ApiServiceInfo[]): Finding[] {
  const findings: Finding[] = [];
  for (const apiService of apiServices) {
    const available = apiService.available;
    const unavailable = !available
      ? 'has no Available condition: the aggregator has not checked it'
      : available.status !== 'True'
        ? `Available=${availableText(available, { message: true })}`
        : undefined;
    if (unavailable) findings.push(finding('error', 'apiservice-unavailable', 'APIService', apiService.name, unavailable));
    if (apiService.insecureSkipTLSVerify) {
      const service = apiService.service ? ` to ${apiService.service.namespace}/${apiService.service.name}` : '';
      findings.push(
        finding(
          'warning',
          'apiservice-insecure-tls',
          'APIService',
          apiService.name,
          `insecureSkipTLSVerify is true: the aggregator proxies${service} without verifying its certificate; set caBundle instead`,
        ),
      );
    }
  }
  return findings;
}

const gaVersion = /^v\d+$/;
const prereleaseVersion = /^v\d+(alpha|beta)\d+$/;

function prereleaseFindings(surface: ApiSurface, removedIn: NonNullable<AuditOptions['removedIn']>): Finding[] {
  const findings: Finding[] = [];
  for (const group of surface.groups) {
    const current = group.versions.filter((version) => version.freshness === 'Current');
    const ga = current.filter((version) => gaVersion.test(version.version));
    if (ga.length === 0) continue;
    for (const version of current.filter((candidate) => prereleaseVersion.test(candidate.version))) {
      const gv = groupVersionString(group.name, version.version);
      const names = version.resources.map((resource) => resource.name).sort();
      const inGa = names.filter((name) => ga.some((candidate) => candidate.resources.some((resource) => resource.name === name)));
      const onlyHere = names.filter((name) => !inGa.includes(name));
      const gaNames = ga.map((candidate) => groupVersionString(group.name, candidate.version)).join(', ');
      const removal = (name: string) => {
        const kind = version.resources.find((resource) => resource.name === name)?.kind;
        return kind === undefined ? undefined : removedIn(group.name, version.version, kind);
      };
      if (onlyHere.length === 0) {
        findings.push(
          finding(
            'warning',
            'prerelease-version',
            'GroupVersion',
            gv,
            `pre-GA version still served while ${gaNames} is GA and serves ${list(inGa)}: move clients and stored objects to it`,
          ),
        );
      } else {
        findings.push(
          finding(
            'info',
            'prerelease-version',
            'GroupVersion',
            gv,
            `pre-GA version next to GA ${gaNames}; ${withoutGa(onlyHere, removal)}`,
          ),
        );
      }
    }
  }
  return findings;
}

/** "a has no GA version yet; b is removed in Kubernetes 1.25 with no GA version": what the lifecycle data knows of each. */
function withoutGa(names: string[], removal: (name: string) => string | undefined): string {
  const pending = names.filter((name) => removal(name) === undefined);
  const removed = new Map<string, string[]>();
  for (const name of names.filter((candidate) => removal(candidate) !== undefined)) {
    const release = removal(name) as string;
    removed.set(release, [...(removed.get(release) ?? []), name]);
  }
  return [
    ...(pending.length > 0 ? [`${list(pending)} ${pending.length === 1 ? 'has' : 'have'} no GA version yet`] : []),
    ...[...removed].map(
      ([release, gone]) => `${list(gone)} ${gone.length === 1 ? 'is' : 'are'} removed in Kubernetes ${release} with no GA version`,
    ),
  ].join('; ');
}

/**
 * Built-in group-versions the reference release no longer serves. Only when the
 * reference is a newer release than the audited server (so new versions are not
 * mistaken for removed ones), and only for groups the reference also has or that
 * are Kubernetes' own by name (so CRD and aggregated groups are never flagged).
 */
function removedUpstreamFindings(surface: ApiSurface, reference: ApiSurface, label: string, upstream: Finding[]): Finding[] {
  const audited = minorVersion(surface.serverVersion?.gitVersion);
  const newer = minorVersion(reference.serverVersion?.gitVersion);
  if (audited === undefined || newer === undefined || compareMinor(newer, audited) <= 0) return [];
  const flagged = new Set(upstream.map((found) => found.object.name.slice(0, found.object.name.lastIndexOf('/'))));
  const findings: Finding[] = [];
  for (const version of servedVersions(surface)) {
    if (version.servedBy.type === 'crd' || version.servedBy.type === 'aggregated') continue;
    if (flagged.has(groupVersionString(version.group, version.version))) continue;
    const referenceGroup = reference.groups.find((group) => group.name === version.group);
    if (!referenceGroup && !isBuiltIn(version.group, version.servedBy.type === 'local' ? 'Local' : 'Unknown')) continue;
    if (referenceGroup?.versions.some((candidate) => candidate.version === version.version)) continue;
    const served = referenceGroup
      ? `serves ${referenceGroup.versions.map((candidate) => groupVersionString(version.group, candidate.version)).join(', ')}`
      : 'does not serve the group at all';
    findings.push(
      finding(
        'warning',
        'removed-upstream',
        'GroupVersion',
        groupVersionString(version.group, version.version),
        `not served by ${label} (Kubernetes ${reference.serverVersion?.gitVersion}), which ${served}: removed upstream or off by default there; migrate before upgrading`,
        'reference',
      ),
    );
  }
  return findings;
}

function minorVersion(gitVersion: string | undefined): [number, number] | undefined {
  const match = /^v(\d+)\.(\d+)/.exec(gitVersion ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function compareMinor(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Resource names served by several groups; a warning when one of the groups is not built in. */
function conflictFindings(surface: ApiSurface): Finding[] {
  return nameConflicts(surface).map((conflict) => {
    const thirdParty = conflict.groups.filter((group) => !isBuiltIn(group.group, group.servedBy));
    const servedBy = conflict.groups.map((group) => `${groupVersionString(group.group, group.version)} (${group.servedBy})`).join(', ');
    const message = `served by ${servedBy}; the bare name means ${conflict.resolvesTo} (${conflict.reason})`;
    return finding(thirdParty.length > 0 ? 'warning' : 'info', 'resource-name-conflict', 'Resource', conflict.name, message);
  });
}

/** Local when served-by is known; else by name: the core group, dotless groups and *.k8s.io are Kubernetes' own. */
export function isBuiltIn(group: string, servedBy: string): boolean {
  if (servedBy !== 'Unknown') return servedBy === 'Local';
  return !group.includes('.') || group.endsWith('.k8s.io');
}

function servedVersions(surface: ApiSurface): ApiGroupVersion[] {
  return surface.groups.flatMap((group) => group.versions);
}

function list(names: string[]): string {
  return names.length === 0 ? 'no resources' : names.join(', ');
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
    compareBytes(a.check, b.check) ||
    compareBytes(a.object.name, b.object.name) ||
    compareBytes(a.message, b.message)
  );
}

export type FailOn = Severity | 'none';

/** The --fail-on levels: a severity, or none (never fail). */
export const failOnLevels = [...severities, 'none'] as const satisfies readonly FailOn[];

export interface AuditSummary {
  error: number;
  warning: number;
  info: number;
  total: number;
}

/** What `kapi audit -o json|yaml` prints. Every field is always present. */
export interface AuditReport {
  apiVersion: 'kapi.dev/v1';
  kind: 'ApiSurfaceAudit';
  source: ReportSource;
  failOn: FailOn;
  /** True when a finding is at or above failOn (the command then exits 10). */
  failed: boolean;
  summary: AuditSummary;
  findings: Finding[];
}

/** Where a report's surface came from, as audit and check print it. */
export interface ReportSource {
  kind: 'live' | 'snapshot';
  server: string | null;
  context: string | null;
  path: string | null;
  serverVersion: string | null;
}

export function reportSource(surface: Pick<ApiSurface, 'source' | 'serverVersion'>): ReportSource {
  return {
    kind: surface.source.kind,
    server: surface.source.server ?? null,
    context: surface.source.context ?? null,
    path: surface.source.path ?? null,
    serverVersion: surface.serverVersion?.gitVersion ?? null,
  };
}

export function auditReport(surface: ApiSurface, findings: Finding[], failOn: FailOn): AuditReport {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  return {
    apiVersion: 'kapi.dev/v1',
    kind: 'ApiSurfaceAudit',
    source: reportSource(surface),
    failOn,
    failed: fails(findings, failOn),
    summary: { error: count('error'), warning: count('warning'), info: count('info'), total: findings.length },
    findings,
  };
}

/** Whether a finding is at or above the level: error > warning > info; none never fails. */
export function fails(findings: ReadonlyArray<{ severity: Severity }>, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  const threshold = severities.indexOf(failOn);
  return findings.some((f) => severities.indexOf(f.severity) <= threshold);
}
