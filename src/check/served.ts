import type { ApiResource, ApiSurface, ServedBy } from '../surface/model.js';
import { groupVersionString, parseGroupVersion } from '../surface/vocabulary.js';
import { compareReleases, type ReleaseData, releaseOf, type TargetVersion, targetText } from './releases.js';

/**
 * Whether an apiVersion and kind are served, deprecated, or gone in a target release. Pure:
 * the surface and the release data in, verdicts out.
 */

export interface Verdict {
  check: 'not-served' | 'deprecated' | 'removed-in-target';
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
}

/** The resource serving this apiVersion and kind; undefined when none does. */
export function servedResource(index: KindIndex, apiVersion: string, kind: string): ApiResource | undefined {
  return index.byGroupVersionKind.get(`${apiVersion}\u0000${kind}`);
}

export interface KindIndex {
  byGroupVersionKind: Map<string, ApiResource>;
  /** kind -> every group-version serving it, in surface order. */
  groupVersionsOfKind: Map<string, string[]>;
  /** Who serves each resource's group-version (unknown when APIServices and CRDs could not be read). */
  servedBy: Map<ApiResource, ServedBy['type']>;
}

/** One pass over the surface: each served group-version-kind and where each kind is served. */
export function indexKinds(surface: ApiSurface): KindIndex {
  const byGroupVersionKind = new Map<string, ApiResource>();
  const groupVersionsOfKind = new Map<string, string[]>();
  const servedBy = new Map<ApiResource, ServedBy['type']>();
  for (const group of surface.groups) {
    for (const version of group.versions) {
      const gv = groupVersionString(version.group, version.version);
      for (const resource of version.resources) {
        const key = `${gv}\u0000${resource.kind}`;
        if (byGroupVersionKind.has(key)) continue;
        byGroupVersionKind.set(key, resource);
        servedBy.set(resource, version.servedBy.type);
        const list = groupVersionsOfKind.get(resource.kind) ?? [];
        list.push(gv);
        groupVersionsOfKind.set(resource.kind, list);
      }
    }
  }
  return { byGroupVersionKind, groupVersionsOfKind, servedBy };
}

/** Why an apiVersion and kind are not served: what serves the kind instead, and, for built-ins, the release that removed it. */
export function notServed(index: KindIndex, apiVersion: string, kind: string, releases?: ReleaseData): Verdict {
  const { group, version } = parseGroupVersion(apiVersion);
  const elsewhere = index.groupVersionsOfKind.get(kind) ?? [];
  const lifecycle = releases?.lifecycleOf(group, version, kind);
  const removed = lifecycle?.removed ? `; Kubernetes ${lifecycle.removed} removed it` : '';
  const [replacementVersion, replacementKind] = lifecycle?.replacement?.split(' ') ?? [];
  // The replacement, when the cluster serves it, is the one answer: named once, and the hint.
  const replacementServed = replacementVersion !== undefined && replacementKind === kind && elsewhere.includes(replacementVersion);
  const others = elsewhere.filter((gv) => gv !== replacementVersion);
  const served = replacementServed
    ? `; its replacement ${replacementVersion} is served${others.length > 0 ? ` (and ${others.join(', ')})` : ''}`
    : `${
        elsewhere.length > 0
          ? `; ${kind} is served as ${elsewhere.join(', ')}`
          : `; no version of kind ${kind} is served${group.includes('.') && !lifecycle ? ' (is its CRD or APIService installed?)' : ''}`
      }${lifecycle?.replacement ? `; its replacement is ${lifecycle.replacement}` : ''}`;
  const target = replacementServed ? replacementVersion : (elsewhere[0] ?? replacementVersion);
  return {
    check: 'not-served',
    severity: 'error',
    message: `${apiVersion} ${kind} is not served by the cluster${removed}${served}`,
    ...(target ? { hint: `change apiVersion to ${target}` } : {}),
  };
}

/**
 * Deprecation of a served apiVersion: a CRD version marked deprecated (with its warning), or a
 * built-in version the release data marks deprecated at or before the server's release.
 */
export function deprecation(
  surface: ApiSurface,
  resource: ApiResource,
  apiVersion: string,
  kind: string,
  releases?: ReleaseData,
): Verdict | undefined {
  const crd = surface.crds?.find((candidate) => candidate.group === resource.group && candidate.plural === resource.name);
  const crdVersion = crd?.deprecatedVersions?.find((candidate) => candidate.version === resource.version);
  if (crd && crdVersion) {
    const served = crd.versions.filter((version) => !crd.deprecatedVersions?.some((d) => d.version === version));
    return {
      check: 'deprecated',
      severity: 'warning',
      message: `${apiVersion} ${kind} is deprecated (CRD ${crd.name})${crdVersion.warning ? `: "${crdVersion.warning}"` : ''}`,
      ...(served[0] ? { hint: `change apiVersion to ${groupVersionString(crd.group, served[0])}` } : {}),
    };
  }
  const lifecycle = releases?.lifecycleOf(resource.group, resource.version, kind);
  const deprecated = releaseOf(lifecycle?.deprecated);
  const server = releaseOf(surface.serverVersion?.gitVersion);
  if (!lifecycle || !deprecated || (server && compareReleases(deprecated, server) > 0)) return undefined;
  const removal = lifecycle.removed ? `; Kubernetes ${lifecycle.removed} removes it` : '';
  return {
    check: 'deprecated',
    severity: 'warning',
    message: `${apiVersion} ${kind} is deprecated since Kubernetes ${lifecycle.deprecated}${removal}`,
    ...(lifecycle.replacement ? { hint: `use ${lifecycle.replacement}` } : {}),
  };
}

/** Whether the target release serves a built-in apiVersion and kind; undefined when it does, or when the release data does not know it. */
export function inTarget(apiVersion: string, kind: string, target: TargetVersion, releases: ReleaseData): Verdict | undefined {
  const { group, version } = parseGroupVersion(apiVersion);
  const lifecycle = releases.lifecycleOf(group, version, kind);
  if (!lifecycle) return undefined;
  const removed = releaseOf(lifecycle.removed);
  const introduced = releaseOf(lifecycle.introduced);
  const hint = lifecycle.replacement ? { hint: `use ${lifecycle.replacement}` } : {};
  if (removed && compareReleases(target, removed) >= 0) {
    return {
      check: 'removed-in-target',
      severity: 'error',
      message: `Kubernetes ${targetText(target)} does not serve ${apiVersion} ${kind}: removed in ${lifecycle.removed}${lifecycle.replacement ? `; use ${lifecycle.replacement}` : ''}`,
      ...hint,
    };
  }
  if (introduced && compareReleases(target, introduced) < 0) {
    return {
      check: 'removed-in-target',
      severity: 'error',
      message: `Kubernetes ${targetText(target)} does not serve ${apiVersion} ${kind} yet: it was introduced in ${lifecycle.introduced}`,
    };
  }
  return undefined;
}
