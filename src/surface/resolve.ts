import { distance } from 'fastest-levenshtein';
import { NotFoundError, UsageError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import type { ApiGroup, ApiResource, ApiSurface } from './model.js';
import { groupVersionString, qualifiedName } from './vocabulary.js';

/**
 * Resolving what a user typed ("po", "Deployment", "deploy.apps",
 * "ingresses.networking.k8s.io") to one resource of the discovery model, the
 * way kubectl's RESTMapper does:
 * - names match case-insensitively, first on plural or singular name, then on
 *   short names, then on kind (the shortcut expander's order);
 * - among groups, the core group comes first, then groups in discovery order;
 *   within a group, the preferred version, then the others in server order;
 * - stale versions serve nothing and subresources are never matched.
 */

export interface ResolveOptions {
  /** "group/version", or "v1" for the core group (kubectl's --api-version). */
  apiVersion?: string;
}

export interface ResourceResolution {
  /** The resource in the version chosen. */
  resource: ApiResource;
  /** What the name matched on. */
  matchedBy: 'name' | 'shortName' | 'kind';
  /**
   * The same name in other groups, in priority order (one entry per group, in
   * the version that group would give). Empty when the name is unique or qualified.
   */
  otherGroups: ApiResource[];
  /**
   * True when the name matched in several groups and none is the core group,
   * so the choice fell on discovery order alone: the user should qualify it.
   */
  ambiguous: boolean;
}

export interface ResourceAndFieldPath extends ResourceResolution {
  /** The field path after the resource, e.g. ["spec", "containers"]. */
  fieldPath: string[];
  /** The part of the argument that named the resource, e.g. "ingresses.networking.k8s.io". */
  resourceArg: string;
}

interface ParsedApiVersion {
  group: string;
  version: string;
}

/** Parses kubectl's --api-version: "apps/v1", or "v1" for the core group. */
export function parseApiVersion(text: string): ParsedApiVersion {
  const parts = text.split('/');
  if (parts.length === 1 && parts[0] !== '') return { group: '', version: parts[0] as string };
  if (parts.length === 2 && parts[1] !== '') return { group: parts[0] as string, version: parts[1] as string };
  throw new UsageError(`invalid --api-version "${text}": use group/version, or v1 for the core group`);
}

/**
 * Resolves a resource argument without a field path: "pods", "po", "Pod",
 * "deploy.apps", "ingresses.networking.k8s.io". Throws NotFoundError with
 * "did you mean" suggestions when nothing matches.
 */
export function resolveResource(surface: ApiSurface, arg: string, options: ResolveOptions = {}): ResourceResolution {
  const apiVersion = options.apiVersion === undefined ? undefined : parseApiVersion(options.apiVersion);
  const resolution = resolveArg(surface, arg, apiVersion);
  if (resolution) return resolution;
  const dot = arg.indexOf('.');
  const name = dot === -1 ? arg : arg.slice(0, dot);
  const group = dot === -1 ? undefined : arg.slice(dot + 1);
  throw notFound(surface, arg, name, group, apiVersion);
}

/**
 * The subresource a request names (--subresource of uri and pipeline), checked against discovery: an unknown
 * one is not found (exit 8), with the ones the resource has.
 */
export function requireSubresource(resource: ApiResource, subresource: string): void {
  if (resource.subresources.some((sub) => sub.name === subresource)) return;
  const known = resource.subresources.map((sub) => sub.name);
  const which = known.length === 0 ? 'it has no subresources' : `it has ${known.join(', ')}`;
  throw new NotFoundError(`${qualifiedName(resource.name, resource.group)} has no subresource "${subresource}": ${which}`);
}

/**
 * A resource named exactly (a plural as discovery lists it, dots and all), never split at a dot:
 * name conflicts ask for every group serving "a.b" without reading "b" as a group.
 */
export function resolveExactName(surface: ApiSurface, name: string): ResourceResolution | undefined {
  return tryResolve(surface, name, undefined, undefined, nameTiers);
}

/**
 * kubectl's order for a resource argument (cli-runtime's mappingFor): with two dots or more,
 * RESOURCE.VERSION.GROUP first ("deployments.v1.apps"), then RESOURCE.GROUP with everything after
 * the first dot as the group ("deployments.apps", "ingresses.networking.k8s.io", or "pods" alone);
 * names (plural, singular, short names) in both readings before kinds in both
 * ("Deployment.v1.apps", "Deployment.apps").
 */
function resolveArg(surface: ApiSurface, arg: string, apiVersion: ParsedApiVersion | undefined): ResourceResolution | undefined {
  const readings: Array<{ name: string; group: string | undefined; apiVersion: ParsedApiVersion | undefined }> = [];
  const parts = arg.split('.');
  if (parts.length >= 3) {
    const [name, version] = parts as [string, string];
    const group = parts.slice(2).join('.');
    if (apiVersion === undefined || apiVersion.version === version) readings.push({ name, group, apiVersion: { group, version } });
  }
  const dot = arg.indexOf('.');
  readings.push(
    dot === -1 ? { name: arg, group: undefined, apiVersion } : { name: arg.slice(0, dot), group: arg.slice(dot + 1), apiVersion },
  );
  for (const tiers of [nameTiers, kindTiers]) {
    for (const reading of readings) {
      const resolution = tryResolve(surface, reading.name, reading.group, reading.apiVersion, tiers);
      if (resolution) return resolution;
    }
  }
  return undefined;
}

/**
 * Splits "RESOURCE.field.path" as kubectl explain does, where RESOURCE may be
 * group-qualified and so contain dots itself: the longest prefix that names a
 * served group wins ("ingresses.networking.k8s.io.spec.rules" resolves
 * ingresses in networking.k8s.io with path spec.rules), else the first
 * segment alone is the resource.
 */
/** More than any real schema nests (the deepest built-in path has about 20); a longer argument is refused at once. */
export const maxPathSegments = 256;

export function splitResourceAndFieldPath(surface: ApiSurface, arg: string, options: ResolveOptions = {}): ResourceAndFieldPath {
  // One trailing dot is ignored, as kubectl's explain ignores it ("pods." is pods).
  const trimmed = arg.endsWith('.') ? arg.slice(0, -1) : arg;
  const segments = trimmed.split('.');
  if (segments.length > maxPathSegments) {
    throw new UsageError(`invalid resource: the path has ${segments.length} segments; at most ${maxPathSegments}`);
  }
  if (segments.some((segment) => segment === '')) {
    throw new UsageError(`invalid resource "${arg}": use RESOURCE[.GROUP][.field.path], with no empty segments`);
  }
  const apiVersion = options.apiVersion === undefined ? undefined : parseApiVersion(options.apiVersion);
  const name = segments[0] as string;
  const groupNames = new Set(surface.groups.map((group) => group.name));
  let longestGroup = 0;
  for (const group of groupNames) longestGroup = Math.max(longestGroup, group.split('.').length);
  for (let end = Math.min(segments.length, 1 + longestGroup); end > 1; end--) {
    const group = segments.slice(1, end).join('.');
    if (!groupNames.has(group)) continue;
    const resolution = tryResolve(surface, name, group, apiVersion);
    if (resolution) return { ...resolution, fieldPath: segments.slice(end), resourceArg: segments.slice(0, end).join('.') };
  }
  // RESOURCE.VERSION.GROUP[.field.path] ("deployments.v1.apps.spec"), as kubectl names a resource elsewhere.
  const version = segments[1];
  for (let end = Math.min(segments.length, 2 + longestGroup); version !== undefined && end > 2; end--) {
    const group = segments.slice(2, end).join('.');
    if (!groupNames.has(group) || (apiVersion !== undefined && (apiVersion.group !== group || apiVersion.version !== version))) continue;
    const resolution = tryResolve(surface, name, group, { group, version });
    if (resolution) return { ...resolution, fieldPath: segments.slice(end), resourceArg: segments.slice(0, end).join('.') };
  }
  const resolution = tryResolve(surface, name, undefined, apiVersion);
  if (!resolution) throw notFound(surface, name, name, undefined, apiVersion);
  return { ...resolution, fieldPath: segments.slice(1), resourceArg: name };
}

type MatchTier = [ResourceResolution['matchedBy'], (resource: ApiResource, wanted: string) => boolean];

const nameTiers: MatchTier[] = [
  ['name', (r, wanted) => r.name.toLowerCase() === wanted || r.singularName.toLowerCase() === wanted],
  ['shortName', (r, wanted) => r.shortNames.some((short) => short.toLowerCase() === wanted)],
];
const kindTiers: MatchTier[] = [['kind', (r, wanted) => r.kind.toLowerCase() === wanted]];
const allTiers = [...nameTiers, ...kindTiers];

function tryResolve(
  surface: ApiSurface,
  name: string,
  group: string | undefined,
  apiVersion: ParsedApiVersion | undefined,
  tiers: MatchTier[] = allTiers,
): ResourceResolution | undefined {
  if (group !== undefined && apiVersion !== undefined && apiVersion.group !== group) return undefined;
  const groupFilter = group ?? apiVersion?.group;
  const candidates = candidateResources(surface, groupFilter, apiVersion?.version);
  const wanted = name.toLowerCase();
  for (const [matchedBy, matches] of tiers) {
    const perGroup = firstPerGroup(candidates.filter((resource) => matches(resource, wanted)));
    const [first, ...rest] = perGroup;
    if (!first) continue;
    return { resource: first, matchedBy, otherGroups: rest, ambiguous: rest.length > 0 && first.group !== '' };
  }
  return undefined;
}

/** Resources in priority order: core first, then groups in discovery order; preferred version first. */
function candidateResources(surface: ApiSurface, group: string | undefined, version: string | undefined): ApiResource[] {
  const groups = [...surface.groups].sort((a, b) => Number(b.name === '') - Number(a.name === ''));
  return groups
    .filter((g) => group === undefined || g.name === group)
    .flatMap((g) => versionsByPriority(g))
    .filter((v) => version === undefined || v.version === version)
    .flatMap((v) => v.resources.filter((resource) => !resource.name.includes('/')));
}

function versionsByPriority(group: ApiGroup) {
  const served = group.versions.filter((version) => version.freshness !== 'Stale');
  const preferred = served.filter((version) => version.version === group.preferredVersion);
  return [...preferred, ...served.filter((version) => version.version !== group.preferredVersion)];
}

function firstPerGroup(resources: ApiResource[]): ApiResource[] {
  const seen = new Set<string>();
  return resources.filter((resource) => {
    if (seen.has(resource.group)) return false;
    seen.add(resource.group);
    return true;
  });
}

function notFound(
  surface: ApiSurface,
  arg: string,
  name: string,
  group: string | undefined,
  apiVersion: ParsedApiVersion | undefined,
): NotFoundError {
  if (apiVersion !== undefined) {
    const elsewhere = tryResolve(surface, name, group, undefined);
    if (elsewhere) {
      const served = servedVersions(surface, elsewhere.resource);
      return new NotFoundError(
        `the server doesn't have a resource type "${arg}" in ${groupVersionString(apiVersion.group, apiVersion.version)}; ${qualifiedName(elsewhere.resource.name, elsewhere.resource.group)} is served in ${served.join(', ')}`,
      );
    }
  }
  const suggestions = suggestResources(surface, arg, group ?? apiVersion?.group);
  const where = apiVersion ? ` in ${groupVersionString(apiVersion.group, apiVersion.version)}` : '';
  return new NotFoundError(`the server doesn't have a resource type "${arg}"${where}${didYouMean(suggestions)}`);
}

function servedVersions(surface: ApiSurface, resource: ApiResource): string[] {
  return candidateResources(surface, resource.group, undefined)
    .filter((r) => r.name === resource.name)
    .map((r) => groupVersionString(r.group, r.version));
}

/**
 * Up to three resource names closest to what was typed (edit distance at most
 * a third of its length, and at least 1), keeping only the closest score;
 * ties keep priority order.
 */
export function suggestResources(surface: ApiSurface, typed: string, group?: string): string[] {
  const wanted = typed.toLowerCase();
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  const scored = new Map<string, number>();
  const plurals = new Set<string>();
  for (const resource of firstPerName(candidateResources(surface, group, undefined))) {
    // The bare plural when it would resolve to this resource, else the qualified name.
    const shown = plurals.has(resource.name) ? qualifiedName(resource.name, resource.group) : resource.name;
    plurals.add(resource.name);
    const keys = [
      resource.name,
      resource.singularName,
      resource.kind,
      ...resource.shortNames,
      qualifiedName(resource.name, resource.group),
    ];
    const best = keys
      .filter((key) => key !== '')
      .reduce((least, key) => Math.min(least, distance(wanted, key.toLowerCase())), Number.POSITIVE_INFINITY);
    if (best <= limit && best < (scored.get(shown) ?? Number.POSITIVE_INFINITY)) scored.set(shown, best);
  }
  const closest = [...scored.values()].reduce((least, score) => Math.min(least, score), Number.POSITIVE_INFINITY);
  return [...scored.entries()]
    .filter(([, score]) => score === closest)
    .slice(0, 3)
    .map(([name]) => name);
}

function firstPerName(resources: ApiResource[]): ApiResource[] {
  const seen = new Set<string>();
  return resources.filter((resource) => {
    const key = qualifiedName(resource.name, resource.group);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
