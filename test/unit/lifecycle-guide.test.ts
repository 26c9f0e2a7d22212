// The oracle for kapi's lifecycle data (src/releases/data/lifecycle.json, generated from k8s.io/api): every removal
// the Kubernetes "Deprecated API Migration Guide" lists for 1.16, 1.22, 1.25, 1.26, 1.27, 1.29 and 1.32, written
// here by hand from the guide, must be in the data with the same removal release, and the data's replacement must be
// one the guide names.
//
// Checked against the guide, https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (source:
// kubernetes/website content/en/docs/reference/using-api/deprecation-guide.md), sections "Removed APIs by release":
// - v1.32: flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema and PriorityLevelConfiguration -> flowcontrol.apiserver.k8s.io/v1.
// - v1.29: flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema and PriorityLevelConfiguration -> flowcontrol.apiserver.k8s.io/v1,
//   "or the flowcontrol.apiserver.k8s.io/v1beta3 API version, available since v1.26".
// - v1.27: storage.k8s.io/v1beta1 CSIStorageCapacity -> storage.k8s.io/v1.
// - v1.26: flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema and PriorityLevelConfiguration -> flowcontrol.apiserver.k8s.io/v1beta3;
//   autoscaling/v2beta2 HorizontalPodAutoscaler -> autoscaling/v2.
// - v1.25: batch/v1beta1 CronJob -> batch/v1; discovery.k8s.io/v1beta1 EndpointSlice -> discovery.k8s.io/v1;
//   events.k8s.io/v1beta1 Event -> events.k8s.io/v1; autoscaling/v2beta1 HorizontalPodAutoscaler -> autoscaling/v2;
//   policy/v1beta1 PodDisruptionBudget -> policy/v1; policy/v1beta1 PodSecurityPolicy (no API replaces it: Pod Security
//   Admission or a webhook, #psp-v125); node.k8s.io/v1beta1 RuntimeClass -> node.k8s.io/v1.
// - v1.22: admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration and ValidatingWebhookConfiguration,
//   apiextensions.k8s.io/v1beta1 CustomResourceDefinition, apiregistration.k8s.io/v1beta1 APIService,
//   authentication.k8s.io/v1beta1 TokenReview, authorization.k8s.io/v1beta1 LocalSubjectAccessReview,
//   SelfSubjectAccessReview and SubjectAccessReview, certificates.k8s.io/v1beta1 CertificateSigningRequest,
//   coordination.k8s.io/v1beta1 Lease, rbac.authorization.k8s.io/v1beta1 ClusterRole, ClusterRoleBinding, Role and
//   RoleBinding, scheduling.k8s.io/v1beta1 PriorityClass, storage.k8s.io/v1beta1 CSIDriver, CSINode, StorageClass and
//   VolumeAttachment: each to v1 of its group; extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress, and
//   networking.k8s.io/v1beta1 IngressClass -> networking.k8s.io/v1.
// - v1.16: extensions/v1beta1 NetworkPolicy -> networking.k8s.io/v1; extensions/v1beta1 and apps/v1beta2 DaemonSet,
//   extensions/v1beta1, apps/v1beta1 and apps/v1beta2 Deployment and ReplicaSet, apps/v1beta1 and apps/v1beta2
//   StatefulSet -> apps/v1.
//   One row of the guide cannot be in the data: apps/v1beta1 never had a ReplicaSet (k8s.io/api's apps/v1beta1
//   registers Deployment, DeploymentRollback, Scale, StatefulSet and ControllerRevision: apps/v1beta1/register.go), so
//   the test checks that the data does not invent one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kindKey, loadLifecycle } from '../../src/releases/lifecycle.ts';

/** [apiVersion, kind, removed in, the replacement apiVersions the guide names ([] when none)]. */
type GuideRow = [string, string, string, string[]];

const same = (apiVersion: string, kinds: string[], removed: string, replacements: string[]): GuideRow[] =>
  kinds.map((kind) => [apiVersion, kind, removed, replacements]);

const guide: GuideRow[] = [
  ...same('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], '1.32', [
    'flowcontrol.apiserver.k8s.io/v1',
  ]),
  ...same('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], '1.29', [
    'flowcontrol.apiserver.k8s.io/v1',
    'flowcontrol.apiserver.k8s.io/v1beta3',
  ]),
  ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.27', ['storage.k8s.io/v1']],
  ...same('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], '1.26', [
    'flowcontrol.apiserver.k8s.io/v1beta3',
  ]),
  ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.26', ['autoscaling/v2']],
  ['batch/v1beta1', 'CronJob', '1.25', ['batch/v1']],
  ['discovery.k8s.io/v1beta1', 'EndpointSlice', '1.25', ['discovery.k8s.io/v1']],
  ['events.k8s.io/v1beta1', 'Event', '1.25', ['events.k8s.io/v1']],
  ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.25', ['autoscaling/v2']],
  ['policy/v1beta1', 'PodDisruptionBudget', '1.25', ['policy/v1']],
  ['policy/v1beta1', 'PodSecurityPolicy', '1.25', []],
  ['node.k8s.io/v1beta1', 'RuntimeClass', '1.25', ['node.k8s.io/v1']],
  ...same('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], '1.22', [
    'admissionregistration.k8s.io/v1',
  ]),
  ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', '1.22', ['apiextensions.k8s.io/v1']],
  ['apiregistration.k8s.io/v1beta1', 'APIService', '1.22', ['apiregistration.k8s.io/v1']],
  ['authentication.k8s.io/v1beta1', 'TokenReview', '1.22', ['authentication.k8s.io/v1']],
  ...same('authorization.k8s.io/v1beta1', ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'], '1.22', [
    'authorization.k8s.io/v1',
  ]),
  ['certificates.k8s.io/v1beta1', 'CertificateSigningRequest', '1.22', ['certificates.k8s.io/v1']],
  ['coordination.k8s.io/v1beta1', 'Lease', '1.22', ['coordination.k8s.io/v1']],
  ['extensions/v1beta1', 'Ingress', '1.22', ['networking.k8s.io/v1']],
  ['networking.k8s.io/v1beta1', 'Ingress', '1.22', ['networking.k8s.io/v1']],
  ['networking.k8s.io/v1beta1', 'IngressClass', '1.22', ['networking.k8s.io/v1']],
  ...same('rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], '1.22', [
    'rbac.authorization.k8s.io/v1',
  ]),
  ['scheduling.k8s.io/v1beta1', 'PriorityClass', '1.22', ['scheduling.k8s.io/v1']],
  ...same('storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], '1.22', ['storage.k8s.io/v1']),
  ['extensions/v1beta1', 'NetworkPolicy', '1.16', ['networking.k8s.io/v1']],
  ...same('extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet'], '1.16', ['apps/v1']),
  ...same('apps/v1beta1', ['Deployment', 'StatefulSet'], '1.16', ['apps/v1']),
  ...same('apps/v1beta2', ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'], '1.16', ['apps/v1']),
];

describe('lifecycle data agrees with the Deprecated API Migration Guide', async () => {
  const data = await loadLifecycle();
  for (const [apiVersion, kind, removed, replacements] of guide) {
    test(`${apiVersion} ${kind}: removed in ${removed}, replaced by ${replacements.join(' or ') || 'nothing'}`, () => {
      const slash = apiVersion.lastIndexOf('/');
      const row = data.lifecycleOf(apiVersion.slice(0, slash), apiVersion.slice(slash + 1), kind);
      assert.ok(row, `${apiVersion} ${kind} is not in the data`);
      assert.equal(row.removed, removed);
      const replacement = row.replacement ? kindKey(row.replacement.group, row.replacement.version, row.replacement.kind) : undefined;
      if (replacements.length === 0) {
        assert.equal(replacement, undefined);
      } else {
        assert.ok(
          replacements.some((to) => replacement === `${to}/${kind}`),
          `replacement ${replacement} is not one the guide names (${replacements.join(', ')})`,
        );
      }
    });
  }

  test('apps/v1beta1 ReplicaSet, which the guide lists for 1.16, was never declared by k8s.io/api', () => {
    assert.equal(data.lifecycleOf('apps', 'v1beta1', 'ReplicaSet'), undefined);
    assert.ok(data.lifecycleOf('apps', 'v1beta1', 'Deployment'));
  });
});
