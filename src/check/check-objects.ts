import type { FieldPath, ManifestObject, ReadProblem, ReadResult } from '../manifests/model.js';
import { fieldPath } from '../shape/check.js';
import type { ApiResource, ApiSurface } from '../surface/model.js';
import type { SchemaIssue } from '../validation/index.js';
import type { CheckId, ManifestFinding, Severity } from './findings.js';
import type { ReleaseData, TargetVersion } from './releases.js';
import { deprecation, inTarget, type KindIndex, notServed, servedResource, type Verdict } from './served.js';

/**
 * The findings for manifests already read: each read problem becomes a finding, and each
 * object is checked against the surface (served, deprecated, the target release, scope) and
 * its schema. Pure: schemas come in already compiled, keyed by resource.
 */

export interface ObjectChecks {
  surface: ApiSurface;
  kinds: KindIndex;
  releases?: ReleaseData;
  target?: TargetVersion;
  /** The validator for a served resource, or why there is none. */
  schemaOf(resource: ApiResource): { validate(object: unknown): SchemaIssue[] } | { missing: string };
}

export function checkManifests(read: ReadResult, checks: ObjectChecks): ManifestFinding[] {
  return [...read.problems.map(problemFinding), ...read.objects.flatMap((object) => checkObject(object, checks))];
}

const problemChecks: Record<ReadProblem['reason'], { check: CheckId; severity: Severity }> = {
  unreadable: { check: 'unreadable-file', severity: 'error' },
  unparsable: { check: 'parse-error', severity: 'error' },
  'duplicate-key': { check: 'duplicate-key', severity: 'warning' },
  'not-an-object': { check: 'invalid-object', severity: 'error' },
  'helm-release': { check: 'helm-release-unreadable', severity: 'warning' },
};

export function problemFinding(problem: ReadProblem): ManifestFinding {
  return {
    file: problem.file,
    line: problem.position.line,
    column: problem.position.column,
    documentIndex: problem.documentIndex ?? null,
    apiVersion: problem.object?.apiVersion ?? null,
    kind: problem.object?.kind ?? null,
    namespace: problem.object?.namespace ?? null,
    name: problem.object?.name ?? null,
    ...problemChecks[problem.reason],
    field: problem.field ? dotted(problem.field) : null,
    message: problem.message,
    hint: null,
  };
}

export function checkObject(object: ManifestObject, checks: ObjectChecks): ManifestFinding[] {
  const findings: ManifestFinding[] = [];
  const add = (check: CheckId, severity: Severity, message: string, options: { field?: FieldPath; hint?: string } = {}): void => {
    const at = options.field ? object.positionOf(options.field) : object.start;
    findings.push({
      file: object.file,
      line: at.line,
      column: at.column,
      documentIndex: object.documentIndex,
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.namespace ?? null,
      name: object.name ?? null,
      check,
      severity,
      field: options.field && options.field.length > 0 ? dotted(options.field) : null,
      message,
      hint: options.hint ?? null,
    });
  };
  const verdict = (v: Verdict | undefined) => {
    if (v) add(v.check, v.severity, v.message, { field: ['apiVersion'], ...(v.hint ? { hint: v.hint } : {}) });
  };

  if (checks.target && checks.releases) verdict(inTarget(object.apiVersion, object.kind, checks.target, checks.releases));
  const resource = servedResource(checks.kinds, object.apiVersion, object.kind);
  if (!resource) {
    verdict(notServed(checks.kinds, object.apiVersion, object.kind, checks.releases));
    return findings;
  }
  verdict(deprecation(checks.surface, resource, object.apiVersion, object.kind, checks.releases));
  if (!resource.namespaced && object.namespace !== undefined) {
    add('cluster-scoped-namespace', 'warning', `${object.kind} is cluster-scoped: the server ignores metadata.namespace`, {
      field: ['metadata', 'namespace'],
      hint: 'remove metadata.namespace',
    });
  }
  const schema = checks.schemaOf(resource);
  if ('missing' in schema) {
    add('schema-unavailable', 'info', `not validated: ${schema.missing}`);
    return findings;
  }
  for (const issue of schema.validate(object.object)) {
    add('schema', issue.severity, issue.message, { field: issue.path });
  }
  return findings;
}

/** ["spec", "containers", 0, "image"] -> "spec.containers[0].image". */
export function dotted(path: FieldPath): string {
  return fieldPath(path).replace(/^\./, '');
}
