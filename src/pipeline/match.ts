/**
 * Which admission webhooks and policies a request meets, as kube-apiserver
 * decides it (k8s.io/apiserver admission/plugin/webhook/predicates/rules,
 * generic/webhook.go ShouldCallHook, the namespace and object matchers, and
 * the policy matcher). Pure functions over the documents read; where kapi
 * cannot know (an object's labels before it exists, a namespace it may not
 * read), the answer is "unknown", never a guess.
 */
import type { AdmissionRule, LabelSelector, MatchResources, WebhookDocument } from './documents.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** The resource a request is for, in the version it names. */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** admission.Attributes, as far as a pipeline knows them before the request is sent. */
export interface RequestAttributes extends GroupVersionResource {
  operation: Operation;
  subresource: string;
  /** "" for a cluster-scoped resource (and for namespaces themselves). */
  namespace: string;
  /** "" when not named (a create with a generated name). */
  name: string;
  kind: { group: string; kind: string };
}

/** yes, no, or unknown (kapi cannot read what the apiserver would). */
export type Tri = 'yes' | 'no' | 'unknown';

/** What the matchers read beyond the request: labels, when readable; the equivalent resources. */
export interface MatchFacts {
  /** The labels of the request's namespace (or of the namespace object itself); undefined when unknown. */
  namespaceLabels: Record<string, string> | undefined;
  /** The labels of the object (the existing one for update and delete); undefined when unknown. */
  objectLabels: Record<string, string> | undefined;
  /** Other group-version-resources sharing the request's storage (matchPolicy Equivalent), in priority order. */
  equivalents: GroupVersionResource[];
}

const connectSubresources = new Set(['exec', 'attach', 'portforward', 'proxy']);

/** The admission operation of a verb on a (sub)resource; undefined for reads, which admission never sees. */
export function operationFor(verb: string, subresource: string): Operation | undefined {
  if (connectSubresources.has(subresource) && (verb === 'create' || verb === 'get')) return 'CONNECT';
  switch (verb) {
    case 'create':
      return 'CREATE';
    case 'update':
    case 'patch':
      return 'UPDATE';
    case 'delete':
    case 'deletecollection':
      return 'DELETE';
    default:
      return undefined;
  }
}

function exactOrWildcard(items: readonly string[] | null | undefined, requested: string): boolean {
  return (items ?? []).some((item) => item === '*' || item === requested);
}

/** rules.Matcher: scope, operation, group, version and resource (with subresource and wildcards) all match. */
export function ruleMatches(rule: AdmissionRule, request: RequestAttributes, resource: GroupVersionResource = request): boolean {
  return (
    scopeMatches(rule.scope, request, resource) &&
    (rule.operations ?? []).some((operation) => operation === '*' || operation === request.operation) &&
    exactOrWildcard(rule.apiGroups, resource.group) &&
    exactOrWildcard(rule.apiVersions, resource.version) &&
    (rule.resources ?? []).some((entry) => {
      const slash = entry.indexOf('/');
      const res = slash === -1 ? entry : entry.slice(0, slash);
      const sub = slash === -1 ? '' : entry.slice(slash + 1);
      return (res === '*' || res === resource.resource) && (sub === '*' || sub === request.subresource);
    })
  );
}

function isNamespaceResource(resource: GroupVersionResource): boolean {
  return resource.group === '' && resource.version === 'v1' && resource.resource === 'namespaces';
}

function scopeMatches(scope: string | null | undefined, request: RequestAttributes, resource: GroupVersionResource): boolean {
  if (!scope || scope === '*') return true;
  if (scope === 'Namespaced') return !isNamespaceResource(resource) && request.namespace !== '';
  if (scope === 'Cluster') return isNamespaceResource(resource) || request.namespace === '';
  return false;
}

/** metav1.LabelSelector semantics; an absent selector, or one with no terms, selects everything. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const requirement of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, requirement.key);
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!has || !values.includes(labels[requirement.key] as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[requirement.key] as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

/** The namespace matcher: a cluster-scoped request (other than a namespace) is never exempted. */
export function namespaceSelectorMatch(selector: LabelSelector, request: RequestAttributes, facts: MatchFacts): Tri {
  if (request.namespace === '' && request.resource !== 'namespaces') return 'yes';
  if (isEmptySelector(selector)) return 'yes';
  if (!facts.namespaceLabels) return 'unknown';
  return selectorMatches(selector, facts.namespaceLabels) ? 'yes' : 'no';
}

export function objectSelectorMatch(selector: LabelSelector, facts: MatchFacts): Tri {
  if (isEmptySelector(selector)) return 'yes';
  if (!facts.objectLabels) return 'unknown';
  return selectorMatches(selector, facts.objectLabels) ? 'yes' : 'no';
}

/** yes only when every part is yes; no when any is no. */
export function allOf(parts: Tri[]): Tri {
  if (parts.includes('no')) return 'no';
  return parts.includes('unknown') ? 'unknown' : 'yes';
}

/** How a webhook or policy matched the request: directly, or through an equivalent resource (matchPolicy Equivalent). */
export interface RuleMatch {
  matches: Tri;
  namespaceSelector: Tri;
  objectSelector: Tri;
  /** The resource the rules matched, when it is an equivalent one (the request is converted to it). */
  via?: GroupVersionResource;
}

/** The rules, then (matchPolicy Equivalent, the default of admissionregistration/v1) the equivalent resources rule by rule. */
function rulesMatch(
  rules: readonly AdmissionRule[],
  matchPolicy: string | null | undefined,
  request: RequestAttributes,
  facts: MatchFacts,
  names = false,
): { matched: boolean; via?: GroupVersionResource } {
  const named = (rule: AdmissionRule) =>
    !names || (rule.resourceNames ?? []).length === 0 || (rule.resourceNames ?? []).includes(request.name);
  if (rules.some((rule) => ruleMatches(rule, request) && named(rule))) return { matched: true };
  if ((matchPolicy ?? 'Equivalent') !== 'Equivalent') return { matched: false };
  for (const rule of rules) {
    for (const equivalent of facts.equivalents) {
      if (sameResource(equivalent, request)) continue;
      if (ruleMatches(rule, request, equivalent) && named(rule)) return { matched: true, via: equivalent };
    }
  }
  return { matched: false };
}

function sameResource(a: GroupVersionResource, b: GroupVersionResource): boolean {
  return a.group === b.group && a.version === b.version && a.resource === b.resource;
}

/** generic.Webhook.ShouldCallHook, without matchConditions (CEL the apiserver evaluates on the object). */
export function webhookMatch(webhook: WebhookDocument, request: RequestAttributes, facts: MatchFacts): RuleMatch {
  const namespaceSelector = namespaceSelectorMatch(webhook.namespaceSelector, request, facts);
  const objectSelector = objectSelectorMatch(webhook.objectSelector, facts);
  const rules = rulesMatch(webhook.rules ?? [], webhook.matchPolicy, request, facts);
  const matches = allOf([namespaceSelector, objectSelector, rules.matched ? 'yes' : 'no']);
  return { matches, namespaceSelector, objectSelector, ...(rules.via ? { via: rules.via } : {}) };
}

/**
 * The policy matcher, for a policy's matchConstraints or a binding's
 * matchResources: selectors, excludeResourceRules, then resourceRules (none
 * means every resource, for a binding), each with resourceNames.
 */
export function matchResourcesMatch(
  match: MatchResources,
  request: RequestAttributes,
  facts: MatchFacts,
  options: { emptyRulesMatch: boolean },
): RuleMatch {
  if (!match) return { matches: options.emptyRulesMatch ? 'yes' : 'no', namespaceSelector: 'yes', objectSelector: 'yes' };
  const namespaceSelector = namespaceSelectorMatch(match.namespaceSelector, request, facts);
  const objectSelector = objectSelectorMatch(match.objectSelector, facts);
  const excluded = rulesMatch(match.excludeResourceRules ?? [], match.matchPolicy, request, facts, true).matched;
  const rules = match.resourceRules ?? [];
  const included = rules.length === 0 ? { matched: options.emptyRulesMatch } : rulesMatch(rules, match.matchPolicy, request, facts, true);
  const matches = allOf([namespaceSelector, objectSelector, !excluded && included.matched ? 'yes' : 'no']);
  return { matches, namespaceSelector, objectSelector, ...(included.via ? { via: included.via } : {}) };
}

/** Webhooks and policies never see requests for their own configuration (rules.IsExemptAdmissionConfigurationResource). */
export function isExemptConfigurationResource(request: RequestAttributes): boolean {
  return (
    request.kind.group === 'admissionregistration.k8s.io' &&
    [
      'ValidatingWebhookConfiguration',
      'MutatingWebhookConfiguration',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
      'MutatingAdmissionPolicy',
      'MutatingAdmissionPolicyBinding',
    ].includes(request.kind.kind)
  );
}

/** "CREATE,UPDATE apps/v1 deployments": a rule as one line. */
export function describeRule(rule: AdmissionRule): string {
  const join = (items: readonly string[] | null | undefined) => (items ?? []).join(',') || '-';
  const groups = (rule.apiGroups ?? []).map((group) => (group === '' ? 'core' : group));
  const scope = rule.scope && rule.scope !== '*' ? ` (${rule.scope})` : '';
  const names = (rule.resourceNames ?? []).length > 0 ? ` names ${join(rule.resourceNames)}` : '';
  return `${join(rule.operations)} ${groups.join(',') || '-'}/${join(rule.apiVersions)} ${join(rule.resources)}${names}${scope}`;
}

/** "env=prod,tier in (a,b),!legacy": a selector as kubectl prints one; "" when it selects everything. */
export function describeSelector(selector: LabelSelector): string {
  if (!selector) return '';
  const terms = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const requirement of selector.matchExpressions ?? []) {
    const values = (requirement.values ?? []).join(',');
    if (requirement.operator === 'In') terms.push(`${requirement.key} in (${values})`);
    else if (requirement.operator === 'NotIn') terms.push(`${requirement.key} notin (${values})`);
    else if (requirement.operator === 'Exists') terms.push(requirement.key);
    else if (requirement.operator === 'DoesNotExist') terms.push(`!${requirement.key}`);
    else terms.push(`${requirement.key} ${requirement.operator} (${values})`);
  }
  return terms.join(',');
}
