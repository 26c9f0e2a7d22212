import type { ReadResult } from '../manifests/model.js';
import type { ResourceSchema } from '../openapi/resource-schemas.js';
import type { ApiResource, ApiSurface } from '../surface/model.js';
import { resourceVersionPath } from '../surface/vocabulary.js';
import { type CompiledSchema, compileSchema } from '../validation/index.js';
import { checkManifests } from './check-objects.js';
import type { ManifestFinding } from './findings.js';
import type { ReleaseData, TargetVersion } from './releases.js';
import { indexKinds, servedResource } from './served.js';

/**
 * kubeconform's pipeline, kapi's parts: the objects read, the resources they resolve to on the
 * surface, each resource's schema loaded once and compiled once (on first use), then every
 * object checked.
 */

export interface CheckInput {
  read: ReadResult;
  surface: ApiSurface;
  /** The schemas of the resources asked for; a rejection makes every object's schema check an info finding saying why. */
  loadSchemas(resources: ApiResource[]): Promise<{ found: ResourceSchema[]; missing: Array<{ resource: ApiResource; reason: string }> }>;
  releases?: ReleaseData;
  target?: TargetVersion;
}

export async function checkRead(input: CheckInput): Promise<ManifestFinding[]> {
  const kinds = indexKinds(input.surface);
  const resources = new Map<string, ApiResource>();
  for (const object of input.read.objects) {
    const resource = servedResource(kinds, object.apiVersion, object.kind);
    if (resource) resources.set(keyOf(resource), resource);
  }
  const schemas = new Map<string, ResourceSchema | string>();
  if (resources.size > 0) {
    try {
      const loaded = await input.loadSchemas([...resources.values()]);
      for (const schema of loaded.found) schemas.set(keyOf(schema.resource), schema);
      for (const missing of loaded.missing) schemas.set(keyOf(missing.resource), missing.reason);
    } catch (error) {
      for (const key of resources.keys()) schemas.set(key, (error as Error).message);
    }
  }
  const compiled = new Map<string, CompiledSchema>();
  return checkManifests(input.read, {
    surface: input.surface,
    kinds,
    ...(input.releases ? { releases: input.releases } : {}),
    ...(input.target ? { target: input.target } : {}),
    schemaOf(resource) {
      const key = keyOf(resource);
      const schema = schemas.get(key);
      if (schema === undefined) return { missing: 'no schema was loaded for it' };
      if (typeof schema === 'string') return { missing: schema };
      let validator = compiled.get(key);
      if (!validator) {
        const servedBy = kinds.servedBy.get(resource);
        validator = compileSchema({
          ...schema,
          ...(servedBy === 'crd' ? { servedBy: 'crd' } : servedBy === 'local' || servedBy === 'aggregated' ? { servedBy: 'native' } : {}),
          statusSubresource: resource.subresources.some((subresource) => subresource.name === 'status'),
        });
        compiled.set(key, validator);
      }
      return validator;
    },
  });
}

function keyOf(resource: ApiResource): string {
  return `${resourceVersionPath(resource.group, resource.version, resource.name)}\u0000${resource.kind}`;
}
