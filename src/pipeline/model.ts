/**
 * The one model of a request's path through kube-apiserver: six stages in
 * order, each with what kapi read and what it could not. `kapi pipeline
 * -o json|yaml` prints it (schemas/pipeline.schema.json).
 */
import type { CheckStatus, HopResult } from '../doctor/model.js';
import type { Operation, Tri } from './match.js';

export const stageIds = ['authentication', 'authorization', 'mutating-admission', 'schema', 'validating-admission', 'storage'] as const;
export type StageId = (typeof stageIds)[number];

/** ok: passes as far as kapi can tell; warn: could not be read, or may stop it; fail: would stop the request. */
export type StageStatus = CheckStatus;

export interface PipelineRequest {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  kind: string;
  /** "" for a cluster-scoped resource. */
  namespace: string;
  name: string;
  /** The admission operation; null for a read, which admission never sees. */
  operation: Operation | null;
  /** Local, CRD, Aggregated or Unknown. */
  servedBy: string;
}

/** Who the server thinks the caller is (SelfSubjectReview). */
export interface PipelineUser {
  username: string;
  uid: string;
  groups: string[];
  extra: Record<string, string[]>;
}

/** A selector and whether the request's namespace or object matches it. */
export interface SelectorMatch {
  /** As kubectl prints a selector; "" selects everything. */
  selector: string;
  matches: Tri;
}

/** One binding of an admission policy, and whether it matches the request. */
export interface PolicyBindingStep {
  name: string;
  matches: Tri;
  /** Deny, Warn, Audit (validating); absent for mutating bindings. */
  validationActions: string[];
  /** "namespace/name", "selector ...", or null without params. */
  paramRef: string | null;
}

/** A webhook or an admission policy the request meets, in the order kube-apiserver calls them. */
export interface AdmissionStep {
  type: 'MutatingAdmissionPolicy' | 'MutatingWebhook' | 'ValidatingAdmissionPolicy' | 'ValidatingWebhook';
  /** CONFIGURATION/WEBHOOK, or the policy's name. */
  name: string;
  /** yes, or unknown when a selector reads labels kapi cannot (never no: those are left out). */
  matches: Tri;
  /** The equivalent resource the rules matched (matchPolicy Equivalent), as group/version/resource. */
  via: string | null;
  failurePolicy: string;
  matchPolicy: string;
  namespaceSelector: SelectorMatch;
  objectSelector: SelectorMatch;
  /** CEL conditions kube-apiserver evaluates on the request; kapi shows them. */
  matchConditions: Array<{ name: string; expression: string }>;
  /** Webhooks: seconds, side effects, reinvocation, where it calls and the doctor's checks of that hop. */
  timeoutSeconds?: number;
  sideEffects?: string;
  reinvocationPolicy?: string;
  calls?: string;
  health?: HopResult;
  /** Policies: the bindings that match, the CEL it runs. */
  bindings?: PolicyBindingStep[];
  paramKind?: string | null;
  validations?: Array<{ expression: string; message: string }>;
  mutations?: Array<{ patchType: string; expression: string }>;
  /** True when this step would reject the request: failurePolicy Fail and its backend down. */
  rejects: boolean;
}

export interface SchemaStage {
  /** built-in, crd or aggregated. */
  source: 'built-in' | 'crd' | 'aggregated' | 'unknown';
  /** CEL rules (x-kubernetes-validations) in the version's schema; null when kapi does not count them. */
  celRules: number | null;
}

export interface StorageStage {
  servedBy: string;
  /** CRD: served versions, the storage version, status.storedVersions, conversion strategy. */
  crd?: { name: string; served: string[]; storage: string; storedVersions: string[]; conversion: string };
  /** The hop behind the storage: the CRD's doctor checks, or the APIService's. */
  health?: HopResult;
  apiService?: { name: string; service: string | null; status: CheckStatus; checks: string[] };
}

export interface Stage {
  stage: StageId;
  status: StageStatus;
  /** One line: what the stage decided. */
  summary: string;
  /** What could not be read, or what kapi cannot decide. */
  notes: string[];
  user?: PipelineUser;
  allowed?: boolean;
  reason?: string;
  steps?: AdmissionStep[];
  schema?: SchemaStage;
  storage?: StorageStage;
}

/** What `kapi pipeline -o json|yaml` prints (schemas/pipeline.schema.json). */
export interface PipelineDocument {
  apiVersion: 'kapi.dev/v1';
  kind: 'RequestPipeline';
  request: PipelineRequest;
  /** true when the request would reach storage as far as kapi can tell (exit 0), false when a stage would stop it (exit 10). */
  reachesStorage: boolean;
  /** The stage and reason that would stop it; null when none would. */
  stoppedBy: { stage: StageId; reason: string } | null;
  stages: Stage[];
}
