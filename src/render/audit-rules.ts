import type { CheckId, RuleDescription } from '../surface/audit.js';

/** Every audit check, with its usual severity and one line saying what it finds (for JUnit, SARIF and HTML reports). */
export const auditRules: ReadonlyArray<RuleDescription<CheckId>> = [
  { id: 'discovery-failed', severity: 'error', description: 'A group-version that answers discovery with an error.' },
  { id: 'group-version-stale', severity: 'error', description: 'A group-version that aggregated discovery marks Stale.' },
  { id: 'apiservice-unavailable', severity: 'error', description: 'An APIService whose Available condition is not True.' },
  { id: 'apiservice-insecure-tls', severity: 'warning', description: 'An APIService with insecureSkipTLSVerify.' },
  { id: 'prerelease-version', severity: 'warning', description: 'An alpha or beta version served next to a GA version of its group.' },
  {
    id: 'removed-upstream',
    severity: 'warning',
    description:
      'A served built-in kind that Kubernetes removes by the target release (lifecycle data), or that a newer --reference release no longer serves.',
  },
  {
    id: 'deprecated-upstream',
    severity: 'info',
    description: 'With --target-version: a served built-in kind deprecated by the target release and not yet removed there.',
  },
  { id: 'resource-name-conflict', severity: 'warning', description: 'A resource name served by several groups.' },
  { id: 'served-by-unknown', severity: 'info', description: 'APIServices or CRDs could not be read, so served-by is unknown.' },
  {
    id: 'deprecated-api-requested',
    severity: 'warning',
    description: 'apiserver_requested_deprecated_apis: clients requested a deprecated API.',
  },
  { id: 'deprecated-api-warning', severity: 'warning', description: 'The server answered a list with a Warning: 299 deprecation header.' },
  { id: 'deprecated-crd-version', severity: 'warning', description: 'A served CRD version marked deprecated.' },
];
