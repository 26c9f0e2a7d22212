import { type Finding, finding, isBuiltIn } from '../surface/audit.js';
import type { ApiSurface } from '../surface/model.js';
import { groupVersionString, resourceVersionPath } from '../surface/vocabulary.js';
import { deprecatedBy, type KindLifecycle, kindKey, type LifecycleData, type Release, removedBy } from './lifecycle.js';

/**
 * Audit's findings from the lifecycle data, pure: for every built-in kind the surface serves (resources of
 * group-versions kube-apiserver serves itself, or that are Kubernetes' own by name when served-by is unknown;
 * never CRDs or aggregated APIs, and not subresources):
 * - removed-upstream (warning): Kubernetes removes the kind in a release at or before the target.
 * - deprecated-upstream (info, only with --target-version): deprecated at or before the target, not yet removed there.
 * The target is --target-version, or else the newest release the data knows. Each finding names the replacement
 * the data gives, and carries it as `replacement`.
 */
export function lifecycleFindings(surface: ApiSurface, data: LifecycleData, target: { release: Release; explicit: boolean }): Finding[] {
  const findings: Finding[] = [];
  for (const group of surface.groups) {
    for (const version of group.versions) {
      const servedBy = version.servedBy.type;
      if (servedBy === 'crd' || servedBy === 'aggregated') continue;
      if (servedBy !== 'local' && !isBuiltIn(version.group, 'Unknown')) continue;
      for (const resource of version.resources) {
        if (resource.name.includes('/')) continue;
        const row = data.lifecycleOf(version.group, version.version, resource.kind);
        if (!row) continue;
        const object = resourceVersionPath(version.group, version.version, resource.name);
        if (removedBy(row, target.release)) {
          findings.push(
            withReplacement(finding('warning', 'removed-upstream', 'Resource', object, removedMessage(row, target), 'lifecycle'), row),
          );
        } else if (target.explicit && deprecatedBy(row, target.release)) {
          findings.push(
            withReplacement(
              finding('info', 'deprecated-upstream', 'Resource', object, deprecatedMessage(row, target.release), 'lifecycle'),
              row,
            ),
          );
        }
      }
    }
  }
  return findings;
}

function removedMessage(row: KindLifecycle, target: { release: Release; explicit: boolean }): string {
  const deprecated = row.deprecated ? ` (deprecated in ${row.deprecated})` : '';
  const by = target.explicit ? `, by the target ${target.release}` : '';
  return `${kindText(row)} is removed in Kubernetes ${row.removed}${deprecated}${by}; ${migrate(row)}`;
}

function deprecatedMessage(row: KindLifecycle, target: Release): string {
  const removal = row.removed ? `, removed in ${row.removed}` : ', no removal planned';
  return `${kindText(row)} is deprecated in Kubernetes ${row.deprecated} (target ${target})${removal}; ${migrate(row)}`;
}

function kindText(row: KindLifecycle): string {
  return `${groupVersionString(row.group, row.version)} ${row.kind}`;
}

function migrate(row: KindLifecycle): string {
  const to = row.replacement;
  return to ? `migrate to ${groupVersionString(to.group, to.version)} ${to.kind}` : 'k8s.io/api names no replacement';
}

function withReplacement(found: Finding, row: KindLifecycle): Finding {
  return row.replacement ? { ...found, replacement: { ...row.replacement } } : found;
}

/** "apps/v1beta1/Deployment": how a kind's lifecycle key reads, for callers that list them. */
export const lifecycleKey = (row: KindLifecycle) => kindKey(row.group, row.version, row.kind);
