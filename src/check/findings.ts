import { type FailOn, fails, type ReportSource, type RuleDescription, reportSource, type Severity } from '../surface/audit.js';
import type { ServerVersion, SurfaceSource } from '../surface/model.js';
import { compareBytes } from '../surface/vocabulary.js';

export type { FailOn, Severity } from '../surface/audit.js';
export { failOnLevels } from '../surface/audit.js';

/**
 * What `kapi check` finds in manifests. Every finding has a stable check id, a severity, and
 * where it is: file, line and column of the offending key or value (the object's start when
 * the finding is about the whole object). The JSON shape printed by `kapi check -o json|yaml`
 * is ManifestCheck.
 *
 * Checks (id: severity):
 * - unreadable-file: error. A file that cannot be read: missing, too large, binary.
 * - parse-error: error. Not YAML or JSON, a YAML alias bomb, nested too deep.
 * - invalid-object: error. A document that is not an object, or has no apiVersion or kind.
 * - duplicate-key: warning. A key twice in one mapping: the server keeps the last value.
 * - not-served: error. The apiVersion and kind are not served; names what is served for the kind instead.
 * - deprecated: warning. A CRD version marked deprecated, or a built-in version the release data deprecates.
 * - removed-in-target: error. --target-version: that release no longer serves the apiVersion (or does not serve it yet).
 * - schema: error (info for a rule kapi cannot evaluate). The object against the OpenAPI schema of its kind.
 * - schema-unavailable: info. The source has no schema for the kind, so it was not validated.
 * - cluster-scoped-namespace: warning. metadata.namespace on a cluster-scoped kind: the server ignores it.
 * - helm-release-unreadable: warning. A Helm release secret the caller may not read, or that does not decode.
 */

export type CheckId =
  | 'unreadable-file'
  | 'parse-error'
  | 'invalid-object'
  | 'duplicate-key'
  | 'not-served'
  | 'deprecated'
  | 'removed-in-target'
  | 'schema'
  | 'schema-unavailable'
  | 'cluster-scoped-namespace'
  | 'helm-release-unreadable';

/** Every check, with its usual severity and one line saying what it finds (for JUnit and SARIF rules). */
export const checkRules: ReadonlyArray<RuleDescription<CheckId>> = [
  { id: 'unreadable-file', severity: 'error', description: 'A file that cannot be read: missing, too large, or binary.' },
  { id: 'parse-error', severity: 'error', description: 'A file that is not YAML or JSON, a YAML alias bomb, or nested too deep.' },
  { id: 'invalid-object', severity: 'error', description: 'A document that is not an object, or has no apiVersion or kind.' },
  { id: 'duplicate-key', severity: 'warning', description: 'A key twice in one YAML mapping: the server keeps the last value.' },
  { id: 'not-served', severity: 'error', description: 'The apiVersion and kind are not served by the cluster.' },
  { id: 'deprecated', severity: 'warning', description: 'The apiVersion is served but deprecated.' },
  { id: 'removed-in-target', severity: 'error', description: 'The target Kubernetes release does not serve the apiVersion.' },
  { id: 'schema', severity: 'error', description: "The object does not validate against its kind's OpenAPI schema." },
  { id: 'schema-unavailable', severity: 'info', description: 'No schema for the kind, so the object was not validated.' },
  {
    id: 'cluster-scoped-namespace',
    severity: 'warning',
    description: 'metadata.namespace on a cluster-scoped kind: the server ignores it.',
  },
  { id: 'helm-release-unreadable', severity: 'warning', description: 'A Helm release that could not be read or decoded.' },
];

export interface ManifestFinding {
  /** The file, "stdin", or "helm-release/NAMESPACE/NAME/REVISION". */
  file: string;
  line: number;
  column: number;
  /** 0-based index of the YAML document in the file; null when the finding is about the whole file. */
  documentIndex: number | null;
  apiVersion: string | null;
  kind: string | null;
  namespace: string | null;
  name: string | null;
  check: CheckId;
  severity: Severity;
  /** The field the finding is about, as a dotted path (spec.containers[0].image); null for the whole object. */
  field: string | null;
  message: string;
  /** What to do about it, when there is something to say. */
  hint: string | null;
}

export interface CheckSummary {
  objects: number;
  files: number;
  error: number;
  warning: number;
  info: number;
  total: number;
}

/** What `kapi check -o json|yaml` prints. Every field is always present. */
export interface ManifestCheck {
  apiVersion: 'kapi.dev/v1';
  kind: 'ManifestCheck';
  source: ReportSource;
  /** --target-version, as given ("1.37"); null without it. */
  target: string | null;
  failOn: FailOn;
  /** True when a finding is at or above failOn (the command then exits 10). */
  failed: boolean;
  summary: CheckSummary;
  findings: ManifestFinding[];
}

export function manifestCheck(
  surface: { source: SurfaceSource; serverVersion?: ServerVersion },
  findings: ManifestFinding[],
  options: { target?: string; failOn: FailOn; objects: number; files: number },
): ManifestCheck {
  const sorted = sortFindings(findings);
  const count = (severity: Severity) => sorted.filter((finding) => finding.severity === severity).length;
  return {
    apiVersion: 'kapi.dev/v1',
    kind: 'ManifestCheck',
    source: reportSource(surface),
    target: options.target ?? null,
    failOn: options.failOn,
    failed: fails(sorted, options.failOn),
    summary: {
      objects: options.objects,
      files: options.files,
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
      total: sorted.length,
    },
    findings: sorted,
  };
}

/** Findings by file (byte order), then line, column and check id. */
function sortFindings(findings: ManifestFinding[]): ManifestFinding[] {
  return [...findings].sort(
    (a, b) => compareBytes(a.file, b.file) || a.line - b.line || a.column - b.column || compareBytes(a.check, b.check),
  );
}
