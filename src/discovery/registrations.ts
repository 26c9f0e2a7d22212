import * as z from 'zod/mini';
import { readDocument, statusMessage } from '../cluster/response.js';
import type { Transport } from '../cluster/transport.js';
import { HttpError } from '../errors.js';
import { guard, type Test } from '../shape/plain.js';
import type { UnreadList } from '../surface/model.js';
import type { RegistrationDocuments } from './assemble.js';
import { apiServiceSchema, customResourceDefinitionSchema, isWellFormedApiServiceList, isWellFormedCrdList, listOf } from './documents.js';

const apiServicesPath = '/apis/apiregistration.k8s.io/v1/apiservices';
const crdsPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
// Built on first use: the plain tests take the lists first (a list they refuse goes to the schema).
const apiServicesSchema = z.lazy(() => listOf(apiServiceSchema));
const crdsSchema = z.lazy(() => listOf(customResourceDefinitionSchema));

/** Reads the APIService routing table and CRDs, shape-checked. A denial or failure is a notice, never an abort. */
export async function downloadRegistrations(transport: Transport, signal?: AbortSignal): Promise<RegistrationDocuments> {
  const [apiServices, crds] = await Promise.all([
    listOrWhy(
      transport,
      apiServicesPath,
      'apiservices.apiregistration.k8s.io',
      apiServicesSchema,
      isWellFormedApiServiceList,
      'APIServiceList',
      signal,
    ),
    listOrWhy(
      transport,
      crdsPath,
      'customresourcedefinitions.apiextensions.k8s.io',
      crdsSchema,
      isWellFormedCrdList,
      'CustomResourceDefinitionList',
      signal,
    ),
  ]);
  const reasons = [apiServices, crds].flatMap((result) => ('why' in result ? [result.why] : []));
  return {
    apiServices: 'items' in apiServices ? apiServices.items : undefined,
    crds: 'items' in crds ? crds.items : undefined,
    notice: reasons.length > 0 ? `served-by is unknown: ${reasons.join('; ')}` : undefined,
    apiServicesUnread: 'why' in apiServices ? apiServices.unread : undefined,
  };
}

type Listed<Item> = { items: Item[] } | { why: string; unread: UnreadList };

async function listOrWhy<Item>(
  transport: Transport,
  path: string,
  resource: string,
  schema: z.ZodMiniType<{ items?: Item[] | null }>,
  isWellFormed: Test,
  kind: string,
  signal?: AbortSignal,
): Promise<Listed<Item>> {
  try {
    const response = await transport.get(path, { signal, purpose: 'registrations' });
    const status = `${response.status} ${response.statusText}`.trim();
    if (response.status === 403) {
      return {
        why: `the user may not list ${resource}`,
        unread: { reason: 'forbidden', message: `${status}: ${statusMessage(response)}` },
      };
    }
    if (response.status === 404) {
      const why = `the server does not serve ${resource}`;
      return { why, unread: { reason: 'not-served', message: why } };
    }
    return { items: readDocument(response, schema, kind, undefined, guard<{ items?: Item[] | null }>(isWellFormed)).items ?? [] };
  } catch (error) {
    const message = error instanceof HttpError ? error.why : (error as Error).message;
    return { why: `could not list ${resource} (${message})`, unread: { reason: 'failed', message } };
  }
}
