import type { Session } from '../cli/session.js';
import { defaultParseLimits } from '../manifests/parse.js';
import { appendRead, readManifests } from '../manifests/read.js';
import { loadResourceSchemas } from '../openapi/resource-schemas.js';
import type { CheckedObject } from '../render/check.js';
import { type FailOn, type ManifestCheck, manifestCheck } from './findings.js';
import { releaseData, targetVersion } from './release-source.js';
import { checkRead } from './run.js';

/** What `kapi check` asks for, its flags turned into options. */
export interface ManifestCheckOptions {
  paths: string[];
  maxFileBytes: number;
  failOn: FailOn;
  /** --target-version as given. */
  target?: string;
  helmReleases: boolean;
  /** -n: the Helm releases of one namespace; all namespaces without it. */
  namespace?: string;
}

/**
 * The check: the target checked first (a usage error before any read), the manifests read,
 * the surface and its schemas from the session (live, cache or snapshot), the findings.
 */
export async function runManifestCheck(
  session: Session,
  options: ManifestCheckOptions,
): Promise<{ report: ManifestCheck; objects: CheckedObject[] }> {
  const target = options.target === undefined ? undefined : await targetVersion(options.target);
  const releases = await releaseData();
  const read = readManifests(options.paths, { ...defaultParseLimits, maxFileBytes: options.maxFileBytes });
  const surface = await session.surface({ servedBy: true, serverVersion: true, cached: true });
  if (options.helmReleases) {
    const { readHelmReleases } = await import('./helm-releases.js');
    const helm = await readHelmReleases(await session.transport(), { namespace: options.namespace });
    appendRead(read, helm);
  }
  const findings = await checkRead({
    read,
    surface,
    loadSchemas: async (resources) => loadResourceSchemas(await session.schemaSource(), resources),
    releases,
    ...(target ? { target } : {}),
  });
  const files = new Set([...read.objects.map((object) => object.file), ...read.problems.map((problem) => problem.file)]);
  const report = manifestCheck(surface, findings, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    failOn: options.failOn,
    objects: read.objects.length,
    files: files.size,
  });
  const objects = read.objects.map((object) => ({
    file: object.file,
    documentIndex: object.documentIndex,
    kind: object.kind,
    ...(object.name !== undefined ? { name: object.name } : {}),
  }));
  return { report, objects };
}
