/**
 * The doctor beyond APIServices: every admission webhook and every CRD
 * conversion webhook gets the same chain of checks (where it calls, the
 * caBundle, the Service and its endpoints), with the risks of a webhook and
 * the stored versions of a CRD.
 */
import type { Transport } from '../cluster/transport.js';
import {
  type CrdDocument,
  crdSchema,
  type NamespaceDocument,
  namespaceSchema,
  type WebhookConfigurationDocument,
  webhookConfigurationListSchema,
  webhookConfigurationSchema,
} from '../pipeline/documents.js';
import { compareBytes } from '../surface/vocabulary.js';
import { type Backend, isDown, readBackend, serviceChecks } from './backend.js';
import type { ApiServiceTarget } from './checks-backend.js';
import { checkConversion, checkStoredVersions } from './checks-crd.js';
import {
  checkUrl,
  checkWebhook,
  checkWebhookRisk,
  clientConfigTarget,
  type NamespaceLabels,
  type WebhookSubject,
  webhookName,
} from './checks-webhook.js';
import { type CheckResult, check, type HopKind, type HopResult, worst } from './model.js';
import { cannotCheck, checked, getJson, type Readable } from './readable.js';
import type { Clock } from './x509.js';

export interface HopOptions {
  /** A webhook configuration, CONFIGURATION/WEBHOOK, or a CRD name; every hop when absent. */
  target?: string;
  clock: Clock;
}

const admission = '/apis/admissionregistration.k8s.io/v1';
export const webhookConfigurationPaths = {
  mutating: `${admission}/mutatingwebhookconfigurations`,
  validating: `${admission}/validatingwebhookconfigurations`,
} as const;
export const crdListPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** Every item of a list checked on its own; an item of the wrong shape is a message. */
export function checkedItems<T>(
  list: Readable<{ items?: unknown[] | null }>,
  expected: Parameters<typeof checked>[0],
): { items: T[]; problems: string[] } | Exclude<Readable<unknown>, { kind: 'ok' }> {
  if (list.kind !== 'ok') return list;
  const items: T[] = [];
  const problems: string[] = [];
  (list.value.items ?? []).forEach((item, index) => {
    const document = checked(expected, item, ['items', index]);
    if (document.kind === 'ok') items.push(document.value as T);
    else problems.push(document.message);
  });
  return { items, problems };
}

/** Reads the webhook configurations of one type, sorted by name as kube-apiserver calls them. */
export async function readWebhookConfigurations(
  transport: Transport,
  type: 'mutating' | 'validating',
): Promise<{ items: WebhookConfigurationDocument[]; problems: string[] } | Exclude<Readable<unknown>, { kind: 'ok' }>> {
  const list = await getJson(transport, webhookConfigurationPaths[type], {
    schema: webhookConfigurationListSchema,
    name: type === 'mutating' ? 'MutatingWebhookConfigurationList' : 'ValidatingWebhookConfigurationList',
  });
  const result = checkedItems<WebhookConfigurationDocument>(list, {
    schema: webhookConfigurationSchema,
    name: type === 'mutating' ? 'MutatingWebhookConfiguration' : 'ValidatingWebhookConfiguration',
  });
  if ('items' in result) result.items.sort((a, b) => compareBytes(a.metadata.name, b.metadata.name));
  return result;
}

/** The labels of a namespace; when unreadable, the one label kube-apiserver always sets (kubernetes.io/metadata.name). */
export async function namespaceLabels(transport: Transport, name: string): Promise<NamespaceLabels> {
  const read: Readable<NamespaceDocument> = await getJson(transport, `/api/v1/namespaces/${encodeURIComponent(name)}`, {
    schema: namespaceSchema,
    name: 'Namespace',
  });
  return { name, labels: read.kind === 'ok' ? (read.value.metadata.labels ?? {}) : { 'kubernetes.io/metadata.name': name } };
}

/** Reads each namespace's labels once, however many hops ask for them. */
export function namespaceLabelsReader(transport: Transport): (name: string) => Promise<NamespaceLabels> {
  const read = new Map<string, Promise<NamespaceLabels>>();
  return (name) => {
    let labels = read.get(name);
    if (!labels) {
      labels = namespaceLabels(transport, name);
      read.set(name, labels);
    }
    return labels;
  };
}

/** Reads each backend once, however many hops call it. */
export function backendReader(transport: Transport): (ref: ApiServiceTarget) => Promise<Backend> {
  const read = new Map<string, Promise<Backend>>();
  return (ref) => {
    const key = `${ref.namespace}/${ref.name}:${ref.port ?? 443}`;
    let backend = read.get(key);
    if (!backend) {
      backend = readBackend(transport, ref);
      read.set(key, backend);
    }
    return backend;
  };
}

/** The hop checks of one admission webhook: webhook, url or service and endpoints, risk. */
export async function diagnoseWebhook(
  subject: WebhookSubject,
  reader: (ref: ApiServiceTarget) => Promise<Backend>,
  namespaces: (name: string) => Promise<NamespaceLabels>,
  clock: Clock,
): Promise<HopResult> {
  const { clientConfig } = subject.webhook;
  const owner = { field: 'clientConfig.service', of: `webhook ${webhookName(subject)}` };
  const reach: CheckResult[] = clientConfig.service
    ? serviceChecks(await reader(clientConfig.service), owner)
    : clientConfig.url
      ? [checkUrl(clientConfig.url)]
      : [];
  const down = clientConfig.service ? isDown(reach) : undefined;
  const names = [
    'kube-system',
    ...(clientConfig.service && clientConfig.service.namespace !== 'kube-system' ? [clientConfig.service.namespace] : []),
  ];
  const labels = await Promise.all(names.map(namespaces));
  const checks = [checkWebhook(subject, clock), ...reach, checkWebhookRisk(subject, down, labels)];
  const kind: HopKind = subject.type === 'mutating' ? 'MutatingWebhook' : 'ValidatingWebhook';
  const calls = clientConfigTarget(clientConfig);
  return { kind, name: webhookName(subject), ...(calls ? { calls } : {}), status: worst(checks.map((c) => c.status)), checks };
}

/** The checks of one CRD: conversion (with its webhook's service and endpoints) and stored versions. */
export async function diagnoseCrd(crd: CrdDocument, reader: (ref: ApiServiceTarget) => Promise<Backend>, clock: Clock): Promise<HopResult> {
  const config = crd.spec.conversion?.strategy === 'Webhook' ? crd.spec.conversion.webhook?.clientConfig : undefined;
  const owner = { field: 'spec.conversion.webhook.clientConfig.service', of: `CRD ${crd.metadata.name}` };
  const reach: CheckResult[] = config?.service
    ? serviceChecks(await reader(config.service), owner)
    : config?.url
      ? [checkUrl(config.url)]
      : [];
  const down = config?.service ? isDown(reach) : undefined;
  const checks = [checkConversion(crd, clock, down), ...reach, checkStoredVersions(crd)];
  const calls = config ? clientConfigTarget(config) : undefined;
  return { kind: 'CRD', name: crd.metadata.name, ...(calls ? { calls } : {}), status: worst(checks.map((c) => c.status)), checks };
}

function unreadable(kind: HopKind, what: string, why: Exclude<Readable<unknown>, { kind: 'ok' }>): HopResult {
  const id = kind === 'CRD' ? 'conversion' : 'webhook';
  return { kind, name: `(${what})`, status: 'warn', checks: [check(id, 'warn', cannotCheck(why, `list ${what}`), {})] };
}

function invalid(kind: HopKind, problem: string): HopResult {
  const id = kind === 'CRD' ? 'conversion' : 'webhook';
  return { kind, name: '(invalid item)', status: 'warn', checks: [check(id, 'warn', `cannot check: ${problem}`, {})] };
}

/**
 * Every admission webhook (mutating, then validating, in the order
 * kube-apiserver calls them) and every CRD with a conversion webhook or a
 * stored version at risk; or only the one named. A list the caller may not
 * read is one warn row, never an abort (with a target, it is skipped).
 */
export async function runHopDoctor(transport: Transport, options: HopOptions): Promise<HopResult[]> {
  const { target, clock } = options;
  const [mutating, validating, crds] = await Promise.all([
    readWebhookConfigurations(transport, 'mutating'),
    readWebhookConfigurations(transport, 'validating'),
    getJson(transport, crdListPath, { schema: webhookConfigurationListSchema, name: 'CustomResourceDefinitionList' }).then((list) =>
      checkedItems<CrdDocument>(list, { schema: crdSchema, name: 'CustomResourceDefinition' }),
    ),
  ]);
  const reader = backendReader(transport);
  const namespaces = namespaceLabelsReader(transport);
  const results: Array<Promise<HopResult>> = [];
  for (const [type, read] of [
    ['mutating', mutating],
    ['validating', validating],
  ] as const) {
    const kind: HopKind = type === 'mutating' ? 'MutatingWebhook' : 'ValidatingWebhook';
    if (!('items' in read)) {
      if (target === undefined) results.push(Promise.resolve(unreadable(kind, `${type}webhookconfigurations`, read)));
      continue;
    }
    if (target === undefined) for (const problem of read.problems) results.push(Promise.resolve(invalid(kind, problem)));
    for (const configuration of read.items) {
      for (const webhook of configuration.webhooks ?? []) {
        const subject: WebhookSubject = { type, configuration: configuration.metadata.name, webhook };
        if (target !== undefined && target !== subject.configuration && target !== webhookName(subject)) continue;
        results.push(diagnoseWebhook(subject, reader, namespaces, clock));
      }
    }
  }
  if (!('items' in crds)) {
    if (target === undefined) results.push(Promise.resolve(unreadable('CRD', 'customresourcedefinitions', crds)));
  } else {
    if (target === undefined) for (const problem of crds.problems) results.push(Promise.resolve(invalid('CRD', problem)));
    const chosen = [...crds.items].sort((a, b) => compareBytes(a.metadata.name, b.metadata.name));
    for (const crd of chosen) {
      if (target !== undefined && target !== crd.metadata.name) continue;
      const atRisk = crd.spec.conversion?.strategy === 'Webhook' || checkStoredVersions(crd).status !== 'ok';
      if (target === undefined && !atRisk) continue;
      results.push(diagnoseCrd(crd, reader, clock));
    }
  }
  return Promise.all(results);
}
