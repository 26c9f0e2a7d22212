import type { ApiGroupVersion, ApiResource, ApiServiceInfo, ApiSurface, ServedBy } from './model.js';
import { availableText, compareBytes, groupVersionString, servedByLabel, serviceText } from './vocabulary.js';

/**
 * What changed between two API surfaces (clusters, snapshots, releases). Pure.
 * The JSON shape printed by `kapi diff -o json|yaml` is SurfaceDiff; fields are
 * never omitted (null or [] instead), and changes are sorted stably.
 */

export type ChangeMarker = 'added' | 'removed' | 'changed';

/** What a change is about, in the order changes of one group-version are listed. */
export type ChangeObject = 'group-version' | 'preferred-version' | 'served-by' | 'apiservice' | 'resource';

export type FieldValue = string | string[] | null;

/** One attribute that differs. For list attributes, `added` and `removed` hold the items; else they are []. */
export interface FieldChange {
  /** kind, scope, verbs, shortNames, categories, subresources, freshness, preferredVersion, servedBy, available. */
  field: string;
  from: FieldValue;
  to: FieldValue;
  added: string[];
  removed: string[];
}

export interface DiffChange {
  change: ChangeMarker;
  object: ChangeObject;
  group: string;
  /** null for preferred-version changes (they are about a group). */
  version: string | null;
  /** "apps/v1", "v1"; for preferred-version the group name ("" is core, shown as "core"). */
  groupVersion: string;
  /** The plural resource name for resource changes, the APIService name for apiservice changes, else null. */
  name: string | null;
  /** For group-versions added or removed: the resources they serve (sorted). Else []. */
  resources: string[];
  /** For changed objects: what differs. For added/removed objects: []. */
  fields: FieldChange[];
}

export interface DiffSide {
  /** As given on the command line: a file, builtin[:name], live or context:<name>. */
  label: string;
  kind: 'live' | 'snapshot';
  /** Server git version, e.g. "v1.36.3", when known. */
  serverVersion: string | null;
  discovery: ApiSurface['discovery'];
}

export interface DiffSummary {
  groupVersionsAdded: number;
  groupVersionsRemoved: number;
  groupVersionsChanged: number;
  resourcesAdded: number;
  resourcesRemoved: number;
  resourcesChanged: number;
  preferredVersionsChanged: number;
  servedByChanged: number;
  apiServicesChanged: number;
  total: number;
}

export interface SurfaceDiff {
  apiVersion: 'kapi.dev/v1';
  kind: 'ApiSurfaceDiff';
  from: DiffSide;
  to: DiffSide;
  summary: DiffSummary;
  changes: DiffChange[];
  /** Comparisons that were skipped and why (e.g. served-by unknown on one side). */
  notes: string[];
}

type Availability = 'Current' | 'Stale' | 'Failed';

interface VersionState {
  version: ApiGroupVersion;
  availability: Availability;
}

export function diffSurfaces(from: ApiSurface, to: ApiSurface, labels: { from: string; to: string }): SurfaceDiff {
  const changes: DiffChange[] = [];
  const notes: string[] = [];
  const before = versionStates(from);
  const after = versionStates(to);

  for (const [key, state] of before) if (!after.has(key)) changes.push(groupVersionChange('removed', state));
  for (const [key, state] of after) if (!before.has(key)) changes.push(groupVersionChange('added', state));

  const compareServedBy = servedByKnown(from) && servedByKnown(to);
  if (!compareServedBy)
    notes.push(
      `served-by not compared: it is unknown in ${[servedByKnown(from) ? '' : labels.from, servedByKnown(to) ? '' : labels.to].filter(Boolean).join(' and ')}`,
    );
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) continue;
    const { group, version } = now.version;
    const gv = groupVersionString(group, version);
    if ((old.availability === 'Current') !== (now.availability === 'Current')) {
      changes.push(changed('group-version', group, version, gv, null, [scalar('freshness', old.availability, now.availability)]));
    } else if (old.availability === 'Current') {
      for (const change of resourceChanges(old.version, now.version)) changes.push(change);
    }
    if (compareServedBy) {
      const a = servedByText(old.version.servedBy);
      const b = servedByText(now.version.servedBy);
      if (a !== b) changes.push(changed('served-by', group, version, gv, null, [scalar('servedBy', a, b)]));
    }
  }

  for (const group of from.groups) {
    const other = to.groups.find((candidate) => candidate.name === group.name);
    // An empty preferred version means no version could be discovered: the freshness change says that already.
    if (!other || other.preferredVersion === group.preferredVersion || !other.preferredVersion || !group.preferredVersion) continue;
    changes.push(
      changed('preferred-version', group.name, null, group.name, null, [
        scalar('preferredVersion', group.preferredVersion, other.preferredVersion),
      ]),
    );
  }

  if (from.apiServices && to.apiServices) for (const change of availabilityChanges(from.apiServices, to.apiServices)) changes.push(change);
  else
    notes.push(
      `APIService availability not compared: APIServices are unknown in ${[from.apiServices ? '' : labels.from, to.apiServices ? '' : labels.to].filter(Boolean).join(' and ')}`,
    );

  changes.sort(compareChanges);
  return {
    apiVersion: 'kapi.dev/v1',
    kind: 'ApiSurfaceDiff',
    from: side(from, labels.from),
    to: side(to, labels.to),
    summary: summarize(changes),
    changes,
    notes,
  };
}

function side(surface: ApiSurface, label: string): DiffSide {
  return { label, kind: surface.source.kind, serverVersion: surface.serverVersion?.gitVersion ?? null, discovery: surface.discovery };
}

/** Every group-version, keyed "group/version", with whether discovery could read it. */
function versionStates(surface: ApiSurface): Map<string, VersionState> {
  const failures = new Map(surface.failures.map((failure) => [`${failure.group}/${failure.version}`, failure]));
  const states = new Map<string, VersionState>();
  for (const group of surface.groups) {
    for (const version of group.versions) {
      const failure = failures.get(`${group.name}/${version.version}`);
      const availability: Availability =
        version.freshness === 'Stale' || failure?.reason === 'stale' ? 'Stale' : failure ? 'Failed' : 'Current';
      states.set(`${group.name}/${version.version}`, { version, availability });
    }
  }
  return states;
}

function servedByKnown(surface: ApiSurface): boolean {
  return surface.apiServices !== undefined && surface.crds !== undefined;
}

/** "Local", "CRD", or "Aggregated (ns/name:port)": what a served-by change compares. */
export function servedByText(servedBy: ServedBy): string {
  if (servedBy.type === 'aggregated') return `Aggregated (${serviceText(servedBy.service)})`;
  return servedByLabel(servedBy);
}

function groupVersionChange(change: 'added' | 'removed', state: VersionState): DiffChange {
  const { group, version } = state.version;
  return {
    change,
    object: 'group-version',
    group,
    version,
    groupVersion: groupVersionString(group, version),
    name: null,
    resources: state.version.resources.map((resource) => resource.name).sort(compareBytes),
    fields: state.availability === 'Current' ? [] : [scalar('freshness', null, state.availability)],
  };
}

function resourceChanges(before: ApiGroupVersion, after: ApiGroupVersion): DiffChange[] {
  const gv = groupVersionString(after.group, after.version);
  const changes: DiffChange[] = [];
  const old = new Map(before.resources.map((resource) => [resource.name, resource]));
  const now = new Map(after.resources.map((resource) => [resource.name, resource]));
  const entry = (change: ChangeMarker, name: string, fields: FieldChange[]): DiffChange => ({
    change,
    object: 'resource',
    group: after.group,
    version: after.version,
    groupVersion: gv,
    name,
    resources: [],
    fields,
  });
  for (const name of old.keys()) if (!now.has(name)) changes.push(entry('removed', name, []));
  for (const [name, resource] of now) {
    const previous = old.get(name);
    if (!previous) {
      changes.push(entry('added', name, []));
      continue;
    }
    const fields = resourceFieldChanges(previous, resource);
    if (fields.length > 0) changes.push(entry('changed', name, fields));
  }
  return changes;
}

/** The attributes diff compares. Lists compare as sets: order is not a change. singularName is left out (legacy discovery of old servers omits it). */
export function resourceFieldChanges(before: ApiResource, after: ApiResource): FieldChange[] {
  const fields: FieldChange[] = [];
  if (before.kind !== after.kind) fields.push(scalar('kind', before.kind, after.kind));
  if (before.namespaced !== after.namespaced) fields.push(scalar('scope', scope(before), scope(after)));
  const lists: Array<[string, string[], string[]]> = [
    ['verbs', before.verbs, after.verbs],
    ['shortNames', before.shortNames, after.shortNames],
    ['categories', before.categories, after.categories],
    ['subresources', before.subresources.map((s) => s.name), after.subresources.map((s) => s.name)],
  ];
  for (const [field, a, b] of lists) {
    const change = listChange(field, a, b);
    if (change) fields.push(change);
  }
  return fields;
}

function scope(resource: ApiResource): string {
  return resource.namespaced ? 'Namespaced' : 'Cluster';
}

function listChange(field: string, before: string[], after: string[]): FieldChange | undefined {
  const a = [...new Set(before)].sort(compareBytes);
  const b = [...new Set(after)].sort(compareBytes);
  const added = b.filter((item) => !a.includes(item));
  const removed = a.filter((item) => !b.includes(item));
  if (added.length === 0 && removed.length === 0) return undefined;
  return { field, from: a, to: b, added, removed };
}

function scalar(field: string, from: string | null, to: string | null): FieldChange {
  return { field, from, to, added: [], removed: [] };
}

function changed(
  object: ChangeObject,
  group: string,
  version: string | null,
  groupVersion: string,
  name: string | null,
  fields: FieldChange[],
): DiffChange {
  return { change: 'changed', object, group, version, groupVersion, name, resources: [], fields };
}

/** Availability of APIServices present on both sides: status and reason compared, the message shown. */
function availabilityChanges(before: ApiServiceInfo[], after: ApiServiceInfo[]): DiffChange[] {
  const changes: DiffChange[] = [];
  for (const old of before) {
    const now = after.find((candidate) => candidate.name === old.name);
    if (!now) continue;
    const a = availabilityState(old);
    const b = availabilityState(now);
    if (a.key === b.key) continue;
    changes.push(
      changed('apiservice', now.group, now.version, groupVersionString(now.group, now.version), now.name, [
        scalar('available', a.text, b.text),
      ]),
    );
  }
  return changes;
}

/** What is compared (status and reason) and what is shown (with the message when not True). */
function availabilityState(apiService: ApiServiceInfo): { key: string; text: string } {
  const available = apiService.available;
  if (!available) return { key: 'none', text: 'no Available condition' };
  return { key: availableText(available), text: availableText(available, { message: available.status !== 'True' }) };
}

function summarize(changes: DiffChange[]): DiffSummary {
  const count = (object: ChangeObject, change?: ChangeMarker) =>
    changes.filter((c) => c.object === object && (change === undefined || c.change === change)).length;
  return {
    groupVersionsAdded: count('group-version', 'added'),
    groupVersionsRemoved: count('group-version', 'removed'),
    groupVersionsChanged: count('group-version', 'changed'),
    resourcesAdded: count('resource', 'added'),
    resourcesRemoved: count('resource', 'removed'),
    resourcesChanged: count('resource', 'changed'),
    preferredVersionsChanged: count('preferred-version'),
    servedByChanged: count('served-by'),
    apiServicesChanged: count('apiservice'),
    total: changes.length,
  };
}

const objectOrder: ChangeObject[] = ['preferred-version', 'group-version', 'served-by', 'apiservice', 'resource'];

/** Group (core first), then version, then object kind, then name: independent of server order. */
function compareChanges(a: DiffChange, b: DiffChange): number {
  return (
    compareBytes(a.group, b.group) ||
    compareBytes(a.version ?? '', b.version ?? '') ||
    objectOrder.indexOf(a.object) - objectOrder.indexOf(b.object) ||
    compareBytes(a.name ?? '', b.name ?? '')
  );
}
