import { type Finding, finding } from '../surface/audit.js';
import type { ApiSurface } from '../surface/model.js';
import { resourceVersionPath } from '../surface/vocabulary.js';
import type { RequestedDeprecatedApi } from './metrics.js';

/** One finding per deprecated API a client requested (apiserver_requested_deprecated_apis). */
export function requestedFindings(apis: RequestedDeprecatedApi[]): Finding[] {
  return apis.map((api) => {
    const resource = api.subresource ? `${api.resource}/${api.subresource}` : api.resource;
    const removal = api.removedRelease ? `, removed in ${api.removedRelease}` : ', no removal release set';
    return finding(
      'warning',
      'deprecated-api-requested',
      'Resource',
      resourceVersionPath(api.group, api.version, resource),
      `clients requested this deprecated API since kube-apiserver started${removal}`,
      'metrics',
    );
  });
}

/** What a probe of one resource's list answered. */
export interface ProbedResource {
  group: string;
  version: string;
  resource: string;
  warnings: string[];
}

export function warningFindings(probes: ProbedResource[]): Finding[] {
  return probes.flatMap((probe) =>
    probe.warnings.map((warning) =>
      finding(
        'warning',
        'deprecated-api-warning',
        'Resource',
        resourceVersionPath(probe.group, probe.version, probe.resource),
        `the server warns: "${warning}"`,
        'warning-header',
      ),
    ),
  );
}

/** The resources --probe-deprecated lists: every listable resource of each served, current, non-preferred version. */
export function probeTargets(surface: ApiSurface): Array<{ group: string; version: string; resource: string }> {
  return surface.groups.flatMap((group) =>
    group.versions
      .filter((version) => version.version !== group.preferredVersion && version.freshness === 'Current')
      .flatMap((version) =>
        version.resources
          .filter((resource) => resource.verbs.includes('list'))
          .map((resource) => ({ group: group.name, version: version.version, resource: resource.name })),
      ),
  );
}
