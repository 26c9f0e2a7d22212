/** The Kubernetes documents the doctor reads, beyond discovery's. */
import type { ObjectMeta } from '../discovery/documents.js';

export interface ConfigMapDocument {
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
}

export interface ServiceDocument {
  metadata: ObjectMeta;
  spec: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
    clusterIP?: string;
    externalName?: string;
    selector?: Record<string, string>;
    ports?: ServicePort[];
  };
}

export interface EndpointSliceDocument {
  metadata: ObjectMeta;
  addressType?: string;
  endpoints?: Array<{
    addresses: string[];
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
    targetRef?: { kind?: string; namespace?: string; name?: string };
  }>;
  ports?: Array<{ name?: string; port?: number; protocol?: string }> | null;
}

export interface PodDocument {
  metadata: ObjectMeta;
  spec: { serviceAccountName?: string; nodeName?: string };
  status?: {
    phase?: string;
    conditions?: Array<{ type: string; status: string }>;
    containerStatuses?: Array<{ name: string; ready: boolean; restartCount: number }>;
  };
}

export interface SubjectAccessReviewDocument {
  apiVersion: 'authorization.k8s.io/v1';
  kind: 'SubjectAccessReview';
  spec: {
    user: string;
    groups: string[];
    resourceAttributes: { group: string; resource: string; verb: string; namespace?: string; name?: string };
  };
  status?: { allowed: boolean; denied?: boolean; reason?: string; evaluationError?: string };
}
