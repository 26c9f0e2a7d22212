import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { GlobalFlagValues } from '../cli/flags.js';
import { Session } from '../cli/session.js';
import { homeKubeconfig, kubeconfigEnvPaths } from '../cluster/connection.js';
import type { OpenApiV3Document } from '../openapi/documents.js';
import { v3IndexKey } from '../openapi/documents.js';
import { v3FieldNames } from '../openapi/explain.js';
import type { SchemaSource } from '../openapi/load.js';
import { findGroupVersionKind, findKindSchema, lookupField, typeName } from '../openapi/v3.js';
import { builtinSnapshotChoices } from '../snapshot/builtin.js';
import type { ApiResource, ApiSurface } from '../surface/model.js';
import { groupVersionStrings, preferredResources } from '../surface/query.js';
import { splitResourceAndFieldPath } from '../surface/resolve.js';
import { groupVersionString, qualifiedName } from '../surface/vocabulary.js';
import { type Candidate, type CompletionData, type FlagSpec, type GivenFlags, loadLifecycleCandidates } from './candidates.js';

/** How long completion waits for a cluster, as kubectl's completion does (--request-timeout=5s). */
const completionTimeout = '5s';

/**
 * Completion's data, from what the command line names: --snapshot, or the
 * cluster of the kubeconfig context (discovery from kapi's cache when fresh,
 * as kubectl's completion uses its cache; OpenAPI documents from the cache by
 * hash). Every failure means "no candidates": completion never prints an error.
 */
export function completionData(
  globalFlags: Record<string, FlagSpec>,
  env: NodeJS.ProcessEnv = process.env,
): CompletionData & { close(): Promise<void> } {
  const sessions = new Map<string, Session>();
  const session = (flags: GivenFlags) => {
    const key = JSON.stringify(flags);
    let found = sessions.get(key);
    if (!found) {
      found = new Session(sessionFlags(flags, globalFlags, env));
      sessions.set(key, found);
    }
    return found;
  };
  const surface = (flags: GivenFlags) => session(flags).surface({ cached: true, servedBy: false });
  return {
    async resources(flags) {
      return quietly(async () => resourceCandidates(await surface(flags)), []);
    },
    async fields(flags, parent) {
      return quietly(async () => {
        const source = await session(flags).schemaSource();
        return fieldCandidates(await surface(flags), source, parent);
      }, undefined);
    },
    async apiVersions(flags) {
      return quietly(async () => groupVersionStrings(await surface(flags), { preferredOnly: false }), []);
    },
    async kubeconfigNames(flags, kind) {
      return quietly(async () => kubeconfigNames(flags, kind, env), []);
    },
    builtinSnapshots: builtinSnapshotChoices,
    lifecycle: loadLifecycleCandidates,
    async close() {
      await Promise.all([...sessions.values()].map((s) => s.close()));
    },
  };
}

/**
 * Every resource in its preferred version, named as explain takes it, described by kind and group-version;
 * then, offered once a dot is typed, every served version of a named group's resources as
 * RESOURCE.VERSION.GROUP (deployments.v1.apps), the form kubectl's RESTMapper reads first.
 */
export function resourceCandidates(surface: ApiSurface): Candidate[] {
  const describe = (resource: ApiResource) => `${resource.kind} (${groupVersionString(resource.group, resource.version)})`;
  const preferred = preferredResources(surface)
    .filter((resource) => !resource.name.includes('/'))
    .map((resource) => ({ value: qualifiedName(resource.name, resource.group), description: describe(resource) }));
  const versioned = surface.groups
    .filter((group) => group.name !== '')
    .flatMap((group) => group.versions.filter((version) => version.freshness !== 'Stale'))
    .flatMap((version) => version.resources.filter((resource) => !resource.name.includes('/')))
    .map((resource) => ({
      value: `${resource.name}.${resource.version}.${resource.group}`,
      description: describe(resource),
      afterDot: true,
    }));
  return [...preferred, ...versioned];
}

/** The fields one level under "RESOURCE[.field.path]", with kubectl's type names; undefined when it names nothing. */
export async function fieldCandidates(surface: ApiSurface, source: SchemaSource, parent: string): Promise<Candidate[] | undefined> {
  let target: ReturnType<typeof splitResourceAndFieldPath>;
  try {
    target = splitResourceAndFieldPath(surface, parent);
  } catch {
    return undefined;
  }
  const { group, version, name } = target.resource;
  const index = await source.v3Index();
  const key = v3IndexKey(group, version);
  const document: OpenApiV3Document | undefined = index?.paths[key] ? await source.v3Document(index, key) : undefined;
  if (!document) return undefined;
  const gvk = findGroupVersionKind(document, { group, version, resource: name });
  const kind = gvk ? findKindSchema(document, gvk) : undefined;
  const lookup = kind ? lookupField(document, kind.schema, target.fieldPath) : undefined;
  if (!kind || !lookup) return undefined;
  const names = [...new Set(v3FieldNames(lookup.schema, document))];
  return names.map((field) => {
    const child = lookupField(document, kind.schema, [...target.fieldPath, field]);
    return { value: field, description: child?.fieldSchema ? `<${typeName(child.fieldSchema, document)}>` : undefined };
  });
}

/** Context, cluster or user names from the kubeconfig files kubectl would read (--kubeconfig, KUBECONFIG, ~/.kube/config). */
export function kubeconfigNames(flags: GivenFlags, kind: 'contexts' | 'clusters' | 'users', env: NodeJS.ProcessEnv): string[] {
  const fromEnv = kubeconfigEnvPaths(env);
  const files = flags.kubeconfig ? [flags.kubeconfig] : fromEnv.length > 0 ? fromEnv : [homeKubeconfig(env)];
  const names = new Set<string>();
  for (const file of files) {
    const entries = field(readYaml(file), kind);
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const name = field(entry, 'name');
      if (typeof name === 'string') names.add(name);
    }
  }
  return [...names];
}

/** A field of a document read leniently: undefined unless the document is an object that has it. */
function field(document: unknown, name: string): unknown {
  return typeof document === 'object' && document !== null ? Reflect.get(document, name) : undefined;
}

/** A YAML file's document; undefined when it is missing, not a file, or not YAML (kubectl skips those too). */
function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The session's flag values: those given, else each flag's environment variable and default as the
 * manifest records them (so a new global flag needs no change here); a 5s request timeout unless
 * one is given; never tracing.
 */
export function sessionFlags(given: GivenFlags, specs: Record<string, FlagSpec>, env: NodeJS.ProcessEnv): GlobalFlagValues {
  const values: Record<string, unknown> = {};
  for (const spec of Object.values(specs)) {
    const raw = given[spec.name] ?? (spec.env ? env[spec.env] : undefined);
    if (spec.type === 'boolean') values[spec.name] = raw === undefined ? spec.default === true : raw === 'true';
    else if (raw === undefined) values[spec.name] = spec.default;
    else values[spec.name] = spec.multiple ? [raw] : typeof spec.default === 'number' ? Number(raw) : raw;
  }
  return { ...values, 'request-timeout': given['request-timeout'] ?? completionTimeout, v: 0, trace: undefined } as GlobalFlagValues;
}

async function quietly<T>(work: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await work();
  } catch {
    return fallback;
  }
}
