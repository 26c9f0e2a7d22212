/**
 * Reads what one request's pipeline depends on, through the one transport,
 * every answer shape-checked: the self reviews, the admission
 * configurations and policies (MutatingAdmissionPolicy only where its
 * group-version is served), namespace and object labels, the CRD or the
 * APIService behind the resource; then checks each matching webhook's hop with
 * the doctor's code and assembles the stages (stages.ts).
 */
import type { Transport } from '../cluster/transport.js';
import { runDoctor } from '../doctor/doctor.js';
import { backendReader, diagnoseCrd, diagnoseWebhook, namespaceLabelsReader, readWebhookConfigurations } from '../doctor/hops.js';
import { cannotCheck, checked, getJson, postJson, type Readable } from '../doctor/readable.js';
import type { Clock } from '../doctor/x509.js';
import type { ApiResource, ApiSurface } from '../surface/model.js';
import { requireSubresource, resolveResource } from '../surface/resolve.js';
import { withServedBy } from '../surface/served-by.js';
import { compareBytes, groupVersionPath, servedByLabel } from '../surface/vocabulary.js';
import {
  type AccessReviewAnswer,
  type AdmissionPolicyDocument,
  accessReviewSchema,
  admissionPolicySchema,
  type CrdDocument,
  crdSchema,
  labelledObjectSchema,
  type PolicyBindingDocument,
  policyBindingSchema,
  selfSubjectReviewSchema,
  webhookConfigurationListSchema,
} from './documents.js';
import { type GroupVersionResource, type MatchFacts, operationFor, type RequestAttributes } from './match.js';
import type { AdmissionStep, PipelineDocument, PipelineRequest, StorageStage } from './model.js';
import { buildPipeline, countCelRules, type PipelineInputs, policySteps, webhookSteps, withHealth } from './stages.js';

export interface PipelineQuery {
  verb: string;
  /** What the user typed, as explain takes it: pods, deploy, gizmos.conversion.example.com. */
  resource: string;
  subresource?: string;
  name?: string;
  /** The namespace of a namespaced resource (-n or the context's). */
  namespace: string;
  apiVersion?: string;
  clock: Clock;
}

const admission = 'admissionregistration.k8s.io';

/** The version of admissionregistration.k8s.io that serves a resource (v1 first), or undefined when none does. */
function servedVersion(surface: ApiSurface, resource: string): string | undefined {
  const group = surface.groups.find((candidate) => candidate.name === admission);
  const versions = (group?.versions ?? []).filter((version) => version.resources.some((r) => r.name === resource));
  const order = ['v1', 'v1beta1', 'v1alpha1'];
  return versions.map((version) => version.version).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
}

/** Items of a list read on their own: a bad item is a note, the others still count. */
async function readItems<T>(
  transport: Transport,
  path: string,
  expected: { schema: Parameters<typeof checked>[0]['schema']; name: string },
  notes: string[],
): Promise<T[]> {
  const list = await getJson(transport, path, { schema: webhookConfigurationListSchema, name: `${expected.name}List` }, 'pipeline');
  if (list.kind !== 'ok') {
    notes.push(cannotCheck(list, `list ${path.split('/').pop()}`));
    return [];
  }
  const items: T[] = [];
  (list.value.items ?? []).forEach((item, index) => {
    const document = checked(expected, item, ['items', index]);
    if (document.kind === 'ok') items.push(document.value as T);
    else notes.push(`cannot check: ${document.message}`);
  });
  return items;
}

async function readPolicies(
  transport: Transport,
  surface: ApiSurface,
  kind: 'validating' | 'mutating',
  notes: string[],
): Promise<{ policies: AdmissionPolicyDocument[]; bindings: PolicyBindingDocument[] }> {
  const plural = `${kind}admissionpolicies`;
  const version = servedVersion(surface, plural);
  if (!version) {
    notes.push(`${plural} are not served by this cluster`);
    return { policies: [], bindings: [] };
  }
  const base = `${groupVersionPath(admission, version)}`;
  const name = kind === 'validating' ? 'ValidatingAdmissionPolicy' : 'MutatingAdmissionPolicy';
  const [policies, bindings] = await Promise.all([
    readItems<AdmissionPolicyDocument>(transport, `${base}/${plural}`, { schema: admissionPolicySchema, name }, notes),
    readItems<PolicyBindingDocument>(
      transport,
      `${base}/${kind}admissionpolicybindings`,
      { schema: policyBindingSchema, name: `${name}Binding` },
      notes,
    ),
  ]);
  policies.sort((a, b) => compareBytes(a.metadata.name, b.metadata.name));
  bindings.sort((a, b) => compareBytes(a.metadata.name, b.metadata.name));
  return { policies, bindings };
}

/** The resources that share the request's storage (matchPolicy Equivalent): other served versions of it, and events across its two groups. */
export function equivalentResources(surface: ApiSurface, resource: ApiResource): GroupVersionResource[] {
  const groups =
    resource.name === 'events' && (resource.group === '' || resource.group === 'events.k8s.io') ? ['', 'events.k8s.io'] : [resource.group];
  const out: GroupVersionResource[] = [];
  for (const name of groups) {
    const group = surface.groups.find((candidate) => candidate.name === name);
    for (const version of group?.versions ?? []) {
      if (version.resources.some((candidate) => candidate.name === resource.name)) {
        out.push({ group: name, version: version.version, resource: resource.name });
      }
    }
  }
  return out;
}

function objectPath(resource: ApiResource, namespace: string, name: string): string {
  const scope = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(resource.group, resource.version)}${scope}/${resource.name}/${encodeURIComponent(name)}`;
}

/** Reads and assembles the pipeline of one request. */
export async function readPipeline(transport: Transport, surface: ApiSurface, query: PipelineQuery): Promise<PipelineDocument> {
  const { resource } = resolveResource(surface, query.resource, { apiVersion: query.apiVersion });
  const subresource = query.subresource ?? '';
  if (subresource) requireSubresource(resource, subresource);
  const namespace = resource.namespaced ? query.namespace : resource.name === 'namespaces' && query.name ? query.name : '';
  const name = query.name ?? '';
  const [served] = withServedBy([resource], surface);
  const servedBy = served?.servedBy ?? { type: 'unknown' as const };
  const operation = operationFor(query.verb, subresource);
  const request: PipelineRequest = {
    verb: query.verb,
    group: resource.group,
    version: resource.version,
    resource: resource.name,
    subresource,
    kind: resource.kind,
    namespace: resource.namespaced ? namespace : '',
    name,
    operation: operation ?? null,
    servedBy: servedByLabel(servedBy),
  };
  const resourceAttributes = {
    verb: query.verb,
    group: resource.group,
    version: resource.version,
    resource: resource.name,
    ...(subresource ? { subresource } : {}),
    ...(request.namespace ? { namespace: request.namespace } : {}),
    ...(name ? { name } : {}),
  };
  const reads = Promise.all([
    postJson(
      transport,
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      { schema: selfSubjectReviewSchema, name: 'SelfSubjectReview' },
      'pipeline',
    ),
    postJson(
      transport,
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } },
      { schema: accessReviewSchema, name: 'SelfSubjectAccessReview' },
      'pipeline',
    ) as Promise<Readable<AccessReviewAnswer>>,
  ]);
  const reader = backendReader(transport);
  const namespacesOf = namespaceLabelsReader(transport);
  const admissionPart = operation ? readAdmission() : Promise.resolve(undefined);
  async function readAdmission(): Promise<PipelineInputs['admission']> {
    const attributes: RequestAttributes = {
      operation: operation as NonNullable<typeof operation>,
      group: resource.group,
      version: resource.version,
      resource: resource.name,
      subresource,
      namespace: resource.namespaced ? namespace : resource.name === 'namespaces' ? namespace : '',
      name,
      kind: { group: resource.responseKind?.group ?? resource.group, kind: resource.kind },
    };
    const mutatingNotes: string[] = [];
    const validatingNotes: string[] = [];
    const [mutatingHooks, validatingHooks, validatingPolicies, mutatingPolicies, namespaceRead, objectRead] = await Promise.all([
      readWebhookConfigurations(transport, 'mutating'),
      readWebhookConfigurations(transport, 'validating'),
      readPolicies(transport, surface, 'validating', validatingNotes),
      readPolicies(transport, surface, 'mutating', mutatingNotes),
      attributes.namespace
        ? getJson(
            transport,
            `/api/v1/namespaces/${encodeURIComponent(attributes.namespace)}`,
            { schema: labelledObjectSchema, name: 'Namespace' },
            'pipeline',
          )
        : undefined,
      name && operation !== 'CREATE'
        ? getJson(transport, objectPath(resource, namespace, name), { schema: labelledObjectSchema, name: resource.kind }, 'pipeline')
        : undefined,
    ]);
    const facts: MatchFacts = {
      namespaceLabels: namespaceRead?.kind === 'ok' ? (namespaceRead.value.metadata.labels ?? {}) : undefined,
      objectLabels: objectRead?.kind === 'ok' ? (objectRead.value.metadata.labels ?? {}) : undefined,
      equivalents: equivalentResources(surface, resource),
    };
    const steps = async (read: typeof mutatingHooks, type: 'mutating' | 'validating', notes: string[]) => {
      if (!('items' in read)) {
        notes.push(cannotCheck(read, `list ${type}webhookconfigurations`));
        return [];
      }
      for (const problem of read.problems) notes.push(`cannot check: ${problem}`);
      const matched = webhookSteps(read.items, type, attributes, facts);
      return Promise.all(
        matched.map(async ({ subject, step }) => withHealth(step, await diagnoseWebhook(subject, reader, namespacesOf, query.clock))),
      );
    };
    const [mutatingWebhooks, validatingWebhooks] = await Promise.all([
      steps(mutatingHooks, 'mutating', mutatingNotes),
      steps(validatingHooks, 'validating', validatingNotes),
    ]);
    // kube-apiserver's plugin order: MutatingAdmissionPolicy, MutatingAdmissionWebhook, ValidatingAdmissionPolicy, ValidatingAdmissionWebhook.
    const mutating: AdmissionStep[] = [
      ...policySteps(mutatingPolicies.policies, mutatingPolicies.bindings, 'mutating', attributes, facts),
      ...mutatingWebhooks,
    ];
    const validating: AdmissionStep[] = [
      ...policySteps(validatingPolicies.policies, validatingPolicies.bindings, 'validating', attributes, facts),
      ...validatingWebhooks,
    ];
    return {
      mutating,
      validating,
      notes: { mutating: mutatingNotes, validating: validatingNotes },
    };
  }
  const storagePart = readStorage(transport, surface, resource, servedBy, query.clock, reader);
  const [[review, access], admissionInputs, storage] = await Promise.all([reads, admissionPart, storagePart]);
  return buildPipeline({
    request,
    review,
    access,
    ...(admissionInputs ? { admission: admissionInputs } : {}),
    schema: storage.schema,
    storage: storage.storage,
  });
}

async function readStorage(
  transport: Transport,
  surface: ApiSurface,
  resource: ApiResource,
  servedBy: ReturnType<typeof withServedBy>[number]['servedBy'],
  clock: Clock,
  reader: ReturnType<typeof backendReader>,
): Promise<{ schema: PipelineInputs['schema']; storage: PipelineInputs['storage'] }> {
  const label = servedByLabel(servedBy);
  if (servedBy.type === 'local') {
    return {
      schema: { source: 'built-in', celRules: null, notes: [] },
      storage: { servedBy: label, status: 'ok', summary: 'Local: etcd, through kube-apiserver', notes: [], stops: null },
    };
  }
  if (servedBy.type === 'aggregated') {
    const [result] = await runDoctor({ transport, surface }, { target: servedBy.apiService, clock }).catch(() => []);
    const service = `${servedBy.service.namespace}/${servedBy.service.name}:${servedBy.service.port}`;
    const apiService: StorageStage['apiService'] = result
      ? {
          name: result.apiService,
          service: result.service ?? null,
          status: result.status,
          checks: result.checks.filter((c) => c.status !== 'ok').map((c) => `${c.status} ${c.id}: ${c.message}`),
        }
      : { name: servedBy.apiService, service, status: 'warn', checks: ['the doctor could not check it'] };
    const down = result?.checks.some((c) => (c.id === 'probe' || c.id === 'discovery') && c.status === 'fail') === true;
    return {
      schema: { source: 'aggregated', celRules: null, notes: [] },
      storage: {
        servedBy: label,
        apiService,
        status: result ? (result.status === 'fail' && down ? 'fail' : result.status) : 'warn',
        summary: `Aggregated: APIService ${servedBy.apiService} proxies to ${service} (doctor: ${apiService.status})`,
        notes: [],
        stops: down ? `APIService ${servedBy.apiService} is unavailable: kube-apiserver answers 503` : null,
      },
    };
  }
  if (servedBy.type === 'crd') {
    const crdName = servedBy.crds.find((name) => name.startsWith(`${resource.name}.`)) ?? `${resource.name}.${resource.group}`;
    const read = await getJson(
      transport,
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(crdName)}`,
      { schema: crdSchema, name: 'CustomResourceDefinition' },
      'pipeline',
    );
    if (read.kind !== 'ok') {
      const why = cannotCheck(read, `get customresourcedefinition ${crdName}`);
      return {
        schema: { source: 'crd', celRules: null, notes: [why] },
        storage: { servedBy: label, status: 'warn', summary: `CRD ${crdName}`, notes: [why], stops: null },
      };
    }
    const crd: CrdDocument = read.value;
    const version = (crd.spec.versions ?? []).find((candidate) => candidate.name === resource.version);
    const health = await diagnoseCrd(crd, reader, clock);
    const storageVersion = (crd.spec.versions ?? []).find((candidate) => candidate.storage === true)?.name ?? '-';
    const conversion = crd.spec.conversion?.strategy ?? 'None';
    const conversionDown = health.checks.some((c) => c.id === 'conversion' && c.status === 'fail');
    const stops =
      conversionDown && resource.version !== storageVersion
        ? `the conversion webhook of CRD ${crd.metadata.name} is down and ${resource.version} is not the storage version (${storageVersion})`
        : null;
    return {
      schema: { source: 'crd', celRules: countCelRules(version?.schema?.openAPIV3Schema), notes: [] },
      storage: {
        servedBy: label,
        crd: {
          name: crd.metadata.name,
          served: (crd.spec.versions ?? []).filter((v) => v.served === true).map((v) => v.name),
          storage: storageVersion,
          storedVersions: crd.status?.storedVersions ?? [],
          conversion,
        },
        health,
        status: stops ? 'fail' : health.status,
        summary: `CRD ${crd.metadata.name}: stored in etcd as ${storageVersion}, conversion ${conversion}`,
        notes: [],
        stops,
      },
    };
  }
  return {
    schema: { source: 'unknown', celRules: null, notes: ['who serves this group-version is unknown (APIServices or CRDs unreadable)'] },
    storage: { servedBy: label, status: 'warn', summary: 'Unknown: APIServices or CRDs could not be read', notes: [], stops: null },
  };
}
