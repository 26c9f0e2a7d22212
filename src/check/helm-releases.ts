import { gunzipSync } from 'node:zlib';
import * as z from 'zod/mini';
import { parseJson } from '../cluster/response.js';
import type { Transport } from '../cluster/transport.js';
import { listOf, objectMetaSchema } from '../discovery/documents.js';
import { isKapiError } from '../errors.js';
import type { ReadProblem, ReadResult } from '../manifests/model.js';
import { appendRead, readManifestText } from '../manifests/read.js';
import { checkShape } from '../shape/check.js';
import { parseUntrustedJson } from '../shape/unicode.js';

/**
 * The Helm 3 releases deployed in a cluster, read as Helm stores them: Secrets of type
 * helm.sh/release.v1, labelled owner=helm and status=deployed, whose data.release is (under the
 * API's base64 of Secret data) base64 of gzipped JSON, {name, namespace, version, manifest,
 * ...}. Each release's manifest is read like a file named helm-release/NAMESPACE/NAME/REVISION.
 * A list the caller may not read, or a release that does not decode, is a problem (a warning),
 * never an abort.
 */

const secretSchema = z.looseObject({
  metadata: objectMetaSchema,
  type: z.nullish(z.string()),
  data: z.nullish(z.record(z.string(), z.string())),
});
const secretListSchema = listOf(z.unknown());

const releaseSchema = z.looseObject({
  name: z.string(),
  namespace: z.string(),
  version: z.number(),
  manifest: z.nullish(z.string()),
});

export interface HelmReleaseOptions {
  /** One namespace (-n); every namespace without it. */
  namespace?: string;
  /** The largest decoded release JSON read. */
  maxReleaseBytes?: number;
}

const selector = `labelSelector=${encodeURIComponent('owner=helm,status=deployed')}&fieldSelector=${encodeURIComponent('type=helm.sh/release.v1')}`;

export async function readHelmReleases(transport: Transport, options: HelmReleaseOptions = {}): Promise<ReadResult> {
  const scope = options.namespace === undefined ? 'every namespace' : `namespace ${options.namespace}`;
  const path =
    options.namespace === undefined
      ? `/api/v1/secrets?${selector}`
      : `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/secrets?${selector}`;
  const result: ReadResult = { objects: [], problems: [] };
  let items: unknown[];
  try {
    const response = await transport.get(path, { accept: 'application/json', purpose: 'helm-releases' });
    const checked = checkShape(secretListSchema, parseJson(response));
    if (!checked.ok) throw new Error(`invalid SecretList: ${checked.problem}`);
    items = checked.value.items ?? [];
  } catch (error) {
    // Forbidden, or a server that answers nonsense: a warning; an unreachable server still fails the run.
    if (isKapiError(error) && error.exitCode === 5) throw error;
    result.problems.push(
      releaseProblem(
        `helm-release/${options.namespace ?? '*'}`,
        `the Helm releases of ${scope} cannot be read: ${(error as Error).message}`,
      ),
    );
    return result;
  }
  items.forEach((item, index) => {
    const secret = checkShape(secretSchema, item, ['items', index]);
    if (!secret.ok) {
      result.problems.push(
        releaseProblem(`helm-release/${options.namespace ?? '*'}`, `a release secret of the wrong shape: ${secret.problem}`),
      );
      return;
    }
    const { metadata, data } = secret.value;
    const where = `helm-release/${metadata.namespace ?? ''}/${metadata.name}`;
    const decoded = decodeRelease(data?.release, options.maxReleaseBytes ?? 64 * 1024 * 1024);
    if ('problem' in decoded) {
      result.problems.push(
        releaseProblem(where, `Secret ${metadata.namespace}/${metadata.name} does not decode as a Helm release: ${decoded.problem}`),
      );
      return;
    }
    const release = decoded.release;
    const read = readManifestText(`helm-release/${release.namespace}/${release.name}/${release.version}`, release.manifest ?? '');
    appendRead(result, read);
  });
  return result;
}

/** data.release -> the release: base64 (the API's), base64 (Helm's), gzip (when it starts with gzip's magic), JSON. */
export function decodeRelease(
  field: string | undefined,
  maxBytes: number,
): { release: z.infer<typeof releaseSchema> } | { problem: string } {
  if (field === undefined) return { problem: 'no data.release' };
  const helmText = Buffer.from(field, 'base64').toString('latin1');
  let bytes = Buffer.from(helmText, 'base64');
  if (bytes.length === 0) return { problem: 'data.release is empty or not base64' };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      return { problem: `not gzip, or larger than ${maxBytes} bytes: ${(error as Error).message}` };
    }
  }
  let json: unknown;
  try {
    json = parseUntrustedJson(bytes.toString('utf8'));
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
  const release = checkShape(releaseSchema, json);
  return release.ok ? { release: release.value } : { problem: release.problem };
}

function releaseProblem(file: string, message: string): ReadProblem {
  return { reason: 'helm-release', file, position: { line: 1, column: 1 }, message };
}
