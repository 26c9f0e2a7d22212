import { parseJson } from '../cluster/response.js';
import type { Transport } from '../cluster/transport.js';
import { HttpError } from '../errors.js';
import type { ApiServiceInfo, CrdInfo } from '../surface/model.js';
import type { ApiServiceDocument, CustomResourceDefinitionDocument, ListDocument } from './documents.js';
import { apiServiceFromDocument, crdFromDocument } from './served-by.js';

export interface Registrations {
  apiServices?: ApiServiceInfo[];
  crds?: CrdInfo[];
  /** Set when either list could not be read; served-by is then unknown. */
  notice?: string;
}

const apiServicesPath = '/apis/apiregistration.k8s.io/v1/apiservices';
const crdsPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** Reads the APIService routing table and CRDs. A denial or failure is a notice, never an abort. */
export async function loadRegistrations(transport: Transport, signal?: AbortSignal): Promise<Registrations> {
  const [apiServices, crds] = await Promise.all([
    listOrWhy<ApiServiceDocument>(transport, apiServicesPath, 'apiservices.apiregistration.k8s.io', signal),
    listOrWhy<CustomResourceDefinitionDocument>(transport, crdsPath, 'customresourcedefinitions.apiextensions.k8s.io', signal),
  ]);
  const reasons = [apiServices, crds].flatMap((result) => ('why' in result ? [result.why] : []));
  return {
    apiServices: 'items' in apiServices ? apiServices.items.map(apiServiceFromDocument) : undefined,
    crds: 'items' in crds ? crds.items.map(crdFromDocument) : undefined,
    notice: reasons.length > 0 ? `served-by is unknown: ${reasons.join('; ')}` : undefined,
  };
}

async function listOrWhy<T>(
  transport: Transport,
  path: string,
  resource: string,
  signal?: AbortSignal,
): Promise<{ items: T[] } | { why: string }> {
  try {
    const response = await transport.get(path, { signal, purpose: 'registrations' });
    if (response.status === 403) return { why: `the user may not list ${resource}` };
    if (response.status === 404) return { why: `the server does not serve ${resource}` };
    return { items: parseJson<ListDocument<T>>(response).items ?? [] };
  } catch (error) {
    return { why: `could not list ${resource} (${error instanceof HttpError ? error.why : (error as Error).message})` };
  }
}
