/**
 * Objects and the issues src/validation gives them, judged twice: the unit
 * test (test/unit/validation.test.ts) pins the exact issues, and the e2e
 * oracle (test/e2e/validation-oracle.test.ts) sends each object to a real
 * v1.36.3 apiserver with `kubectl create --dry-run=server --validate=strict`
 * and checks that the server accepts exactly the objects without errors and
 * that its answer contains each error's message.
 *
 * Schemas: the v1.36.3 documents in test/data/kube-v1.36.3 (built-in kinds)
 * and the probe CRD of test/data/validation (captured from the same release).
 */

/** [path joined with '.', rule, severity, message] */
export type IssueRow = [string, string, string, string];

export interface CorpusCase {
  name: string;
  /** Which schema: a component name in one of the documents below. */
  schema: 'Deployment' | 'Pod' | 'Service' | 'ConfigMap' | 'LimitRange' | 'Role' | 'Probe';
  object: Record<string, unknown>;
  issues: IssueRow[];
  /**
   * Messages the server gives that kapi does not (Go-only validation of a
   * value the schema allows): the server rejects, kapi has no error. Empty
   * when kapi's verdict is the server's.
   */
  serverOnly?: string;
  /** What the server's answer contains, when it words the rejection differently from kapi's messages. */
  serverSays?: string[];
}

const meta = { name: 'corpus', namespace: 'default' };

function deployment(container: Record<string, unknown>, spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ...container }] } },
      ...spec,
    },
    ...extra,
  };
}

function pod(spec: Record<string, unknown>, container: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { containers: [{ name: 'c', image: 'nginx', ...container }], ...spec } };
}

function probe(spec: Record<string, unknown>, status?: Record<string, unknown>) {
  return { apiVersion: 'val.example.com/v1', kind: 'Probe', metadata: meta, spec, ...(status ? { status } : {}) };
}

const c0 = 'spec.template.spec.containers.0';

export const corpus: CorpusCase[] = [
  // Built-in kinds: the Go decoder and what Go validation certainly rejects.
  { name: 'valid Deployment', schema: 'Deployment', object: deployment({ ports: [{ containerPort: 80 }] }, { replicas: 2 }), issues: [] },
  {
    name: 'nulls in optional fields are zero values',
    schema: 'Deployment',
    object: deployment({ ports: null, env: [{ name: 'a', value: null }] }, { replicas: null, strategy: null }),
    issues: [],
  },
  { name: 'replicas 1.0 is an integer', schema: 'Deployment', object: deployment({}, { replicas: 1.0 }), issues: [] },
  {
    name: 'status is reset on create: its values are not validated',
    schema: 'Deployment',
    object: deployment({}, {}, { status: { replicas: -5, conditions: [{ reason: 'x' }] } }),
    issues: [],
  },
  {
    name: 'status is still decoded',
    schema: 'Deployment',
    object: deployment({}, {}, { status: { replicas: 'x' } }),
    issues: [
      [
        'status.replicas',
        'type',
        'error',
        'json: cannot unmarshal string into Go struct field DeploymentStatus.status.replicas of type int32',
      ],
    ],
  },
  {
    name: 'unknown field',
    schema: 'Deployment',
    object: deployment({ imagePullPolicyy: 'Always' }),
    issues: [[`${c0}.imagePullPolicyy`, 'unknown-field', 'error', 'unknown field "spec.template.spec.containers[0].imagePullPolicyy"']],
  },
  {
    name: 'a container without a name',
    schema: 'Deployment',
    object: deployment({ name: undefined }),
    issues: [[`${c0}.name`, 'required', 'error', 'Required value']],
  },
  { name: 'an empty enum value is defaulted', schema: 'Deployment', object: deployment({ imagePullPolicy: '' }), issues: [] },
  {
    name: 'enum',
    schema: 'Deployment',
    object: deployment({ imagePullPolicy: 'Sometimes' }),
    issues: [
      [`${c0}.imagePullPolicy`, 'enum', 'error', 'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
    ],
  },
  {
    name: 'enum (protocol is case-sensitive)',
    schema: 'Deployment',
    object: deployment({ ports: [{ containerPort: 80, protocol: 'tcp' }] }),
    issues: [[`${c0}.ports.0.protocol`, 'enum', 'error', 'Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"']],
  },
  {
    name: 'duplicate ports are a warning, not an error',
    schema: 'Deployment',
    object: deployment({ ports: [{ containerPort: 80 }, { containerPort: 80 }] }),
    issues: [],
  },
  {
    name: 'Quantity syntax',
    schema: 'Deployment',
    object: deployment({ resources: { limits: { cpu: '1x' } } }),
    issues: [
      [
        `${c0}.resources.limits.cpu`,
        'type',
        'error',
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      ],
    ],
  },
  {
    name: 'selector null and no template',
    schema: 'Deployment',
    object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { selector: null } },
    issues: [
      ['spec.selector', 'required', 'error', 'Required value'],
      ['spec.template.spec.containers', 'required', 'error', 'Required value'],
    ],
  },
  {
    name: 'int32 overflow',
    schema: 'Deployment',
    object: deployment({}, { replicas: 3000000000 }),
    issues: [
      [
        'spec.replicas',
        'type',
        'error',
        'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
      ],
    ],
  },
  // The Go decoder's type errors name the innermost struct, the property path and the Go type.
  {
    name: 'a string for an int32',
    schema: 'Deployment',
    object: deployment({}, { replicas: '3' }),
    issues: [
      ['spec.replicas', 'type', 'error', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ],
  },
  {
    name: 'a string for an int64',
    schema: 'Deployment',
    object: deployment(
      {},
      {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }], terminationGracePeriodSeconds: '30' },
        },
      },
    ),
    issues: [
      [
        'spec.template.spec.terminationGracePeriodSeconds',
        'type',
        'error',
        'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds of type int64',
      ],
    ],
  },
  {
    name: 'an object for a string',
    schema: 'Deployment',
    object: deployment({ name: { first: 'web' } }),
    issues: [
      [
        `${c0}.name`,
        'type',
        'error',
        'json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.name of type string',
      ],
    ],
  },
  {
    name: 'a number in a list of strings',
    schema: 'Deployment',
    object: deployment({ args: [1] }),
    issues: [
      [
        `${c0}.args.0`,
        'type',
        'error',
        'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.args of type string',
      ],
    ],
  },
  {
    name: 'a string for a list',
    schema: 'Deployment',
    object: deployment({ args: '--verbose' }),
    issues: [
      [
        `${c0}.args`,
        'type',
        'error',
        'json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.args of type []string',
      ],
    ],
  },
  {
    name: 'an object for a list of structs',
    schema: 'Pod',
    object: { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { containers: { name: 'c', image: 'nginx' } } },
    issues: [
      [
        'spec.containers',
        'type',
        'error',
        'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
      ],
    ],
  },
  {
    name: 'a list for a map',
    schema: 'Pod',
    object: pod({ nodeSelector: ['disk=ssd'] }),
    issues: [
      [
        'spec.nodeSelector',
        'type',
        'error',
        'json: cannot unmarshal array into Go struct field PodSpec.spec.nodeSelector of type map[string]string',
      ],
    ],
  },
  {
    name: 'a string for a struct',
    schema: 'Deployment',
    object: deployment({}, { strategy: 'Recreate' }),
    issues: [
      [
        'spec.strategy',
        'type',
        'error',
        'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.strategy of type v1.DeploymentStrategy',
      ],
    ],
  },
  {
    name: 'a number for a map value',
    schema: 'ConfigMap',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { replicas: 3 } },
    issues: [['data.replicas', 'type', 'error', 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string']],
  },
  {
    name: 'a number for a metav1.Time',
    schema: 'Deployment',
    object: deployment({}, {}, { status: { conditions: [{ type: 'Available', status: 'True', lastUpdateTime: 5 }] } }),
    issues: [
      [
        'status.conditions.0.lastUpdateTime',
        'type',
        'error',
        'json: cannot unmarshal number into Go struct field DeploymentCondition.status.conditions.lastUpdateTime of type string',
      ],
    ],
  },
  {
    name: 'a bool for a Quantity',
    schema: 'Deployment',
    object: deployment({ resources: { limits: { cpu: true } } }),
    issues: [
      [
        `${c0}.resources.limits.cpu`,
        'type',
        'error',
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      ],
    ],
  },
  // Where the OpenAPI document cannot tell: a named Go type (v1.PullPolicy is a string) and a
  // struct embedded inline (Probe's ProbeHandler), whose Go field name the decoder adds.
  {
    name: 'a number for a named string type',
    schema: 'Deployment',
    object: deployment({ imagePullPolicy: 5 }),
    issues: [
      [
        `${c0}.imagePullPolicy`,
        'type',
        'error',
        'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.imagePullPolicy of type string',
      ],
    ],
    serverSays: [
      'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.imagePullPolicy of type v1.PullPolicy',
    ],
  },
  {
    name: 'a bool for an int-or-string under an inline struct',
    schema: 'Pod',
    object: pod({}, { readinessProbe: { httpGet: { port: true } } }),
    issues: [
      [
        'spec.containers.0.readinessProbe.httpGet.port',
        'type',
        'error',
        'json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.readinessProbe.httpGet.port of type int32',
      ],
    ],
    serverSays: [
      'json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.readinessProbe.ProbeHandler.httpGet.port of type int32',
    ],
  },
  {
    name: 'a header without a value',
    schema: 'Pod',
    object: pod({}, { readinessProbe: { httpGet: { port: 80, httpHeaders: [{ name: 'X' }] } } }),
    issues: [],
  },
  {
    name: 'a sysctl without a value',
    schema: 'Pod',
    object: pod({ securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced' }] } }),
    issues: [],
  },
  {
    name: 'an env var without a name',
    schema: 'Pod',
    object: pod({}, { env: [{ value: 'x' }] }),
    issues: [['spec.containers.0.env.0.name', 'required', 'error', 'Required value']],
  },
  {
    name: 'a probe without a port (Go reads 0 and rejects it in its own words)',
    schema: 'Pod',
    object: pod({}, { readinessProbe: { httpGet: { path: '/' } } }),
    issues: [['spec.containers.0.readinessProbe.httpGet.port', 'required', 'error', 'Required value']],
    serverSays: ['spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'a Service port of 0 is Go validation only',
    schema: 'Service',
    object: { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { ports: [{ name: 'a' }] } },
    issues: [],
    serverOnly: 'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
  },
  {
    name: 'toleration effect',
    schema: 'Pod',
    object: pod({ tolerations: [{ key: 'k', effect: 'Bogus' }] }),
    issues: [
      [
        'spec.tolerations.0.effect',
        'enum',
        'error',
        'Unsupported value: "Bogus": supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"',
      ],
    ],
    serverSays: ['spec.tolerations[0].effect: Unsupported value: "Bogus": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
  },
  {
    name: 'an empty LimitRange',
    schema: 'LimitRange',
    object: { apiVersion: 'v1', kind: 'LimitRange', metadata: meta, spec: {} },
    issues: [],
  },
  {
    name: 'a rule without verbs',
    schema: 'Role',
    object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta, rules: [{ apiGroups: [''], resources: ['pods'] }] },
    issues: [['rules.0.verbs', 'required', 'error', 'Required value']],
  },
  {
    name: 'binaryData is base64',
    schema: 'ConfigMap',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, binaryData: { b: 'aGVsbG8=' }, data: null },
    issues: [],
  },

  // The probe CRD: the whole structural schema, defaults, and CEL.
  { name: 'probe: defaults satisfy the CEL rule', schema: 'Probe', object: probe({}), issues: [] },
  {
    name: 'probe: CEL rule with a message',
    schema: 'Probe',
    object: probe({ minReplicas: 5 }),
    issues: [['spec', 'cel', 'error', 'Invalid value: minReplicas must not exceed maxReplicas']],
  },
  {
    name: 'probe: CEL messageExpression, reason and fieldPath',
    schema: 'Probe',
    object: probe({ mode: 'bad' }),
    issues: [['spec.mode', 'cel', 'error', 'Forbidden: mode bad is not allowed']],
  },
  {
    name: 'probe: CEL rule without a message, on list items',
    schema: 'Probe',
    object: probe({ items: [{ v: 'abc' }, { v: 'b' }] }),
    issues: [['spec.items.1', 'cel', 'error', "Invalid value: failed rule: self.v.startsWith('a')"]],
  },
  {
    name: 'probe: minLength stops the string checks',
    schema: 'Probe',
    object: probe({ name: 'A' }),
    issues: [['spec.name', 'bounds', 'error', 'Invalid value: "A": spec.name in body should be at least 2 chars long']],
  },
  {
    name: 'probe: pattern',
    schema: 'Probe',
    object: probe({ name: 'aB' }),
    issues: [['spec.name', 'pattern', 'error', `Invalid value: "aB": spec.name in body should match '^[a-z]+$'`]],
  },
  {
    name: 'probe: maxLength',
    schema: 'Probe',
    object: probe({ name: 'abcdefg' }),
    issues: [['spec.name', 'bounds', 'error', 'Too long: may not be more than 5 bytes']],
  },
  {
    name: 'probe: int32',
    schema: 'Probe',
    object: probe({ small: 3000000000 }),
    issues: [['spec.small', 'format', 'error', 'Invalid value: "": Checked value must be of type integer with format int32 in spec.small']],
    serverSays: ['<nil>: Invalid value: "": Checked value must be of type integer with format int32 in spec.small'],
  },
  {
    name: 'probe: exclusive minimum',
    schema: 'Probe',
    object: probe({ ratio: 0 }),
    issues: [['spec.ratio', 'bounds', 'error', 'Invalid value: 0: spec.ratio in body should be greater than 0']],
  },
  {
    name: 'probe: maximum',
    schema: 'Probe',
    object: probe({ maxReplicas: 11 }),
    issues: [['spec.maxReplicas', 'bounds', 'error', 'Invalid value: 11: spec.maxReplicas in body should be less than or equal to 10']],
  },
  {
    name: 'probe: date-time needs a time zone',
    schema: 'Probe',
    object: probe({ when: '2024-01-01T10:00:00' }),
    issues: [
      [
        'spec.when',
        'format',
        'error',
        'Invalid value: "2024-01-01T10:00:00": spec.when in body must be of type date-time: "2024-01-01T10:00:00"',
      ],
    ],
  },
  { name: 'probe: date-time in lower case', schema: 'Probe', object: probe({ when: '2024-01-01t10:00:00.5z' }), issues: [] },
  {
    name: 'probe: date',
    schema: 'Probe',
    object: probe({ day: '2024-02-30' }),
    issues: [['spec.day', 'format', 'error', 'Invalid value: "2024-02-30": spec.day in body must be of type date: "2024-02-30"']],
  },
  {
    name: 'probe: ipv4, byte, k8s-short-name, uuid',
    schema: 'Probe',
    object: probe({ addr: '1.2.3', blob: '###', short: 'Abc', uid: 'x' }),
    issues: [
      ['spec.addr', 'format', 'error', 'Invalid value: "1.2.3": spec.addr in body must be of type ipv4: "1.2.3"'],
      ['spec.blob', 'format', 'error', 'Invalid value: "###": spec.blob in body must be of type byte: "###"'],
      ['spec.short', 'format', 'error', 'Invalid value: "Abc": spec.short in body must be of type k8s-short-name: "Abc"'],
      ['spec.uid', 'format', 'error', 'Invalid value: "x": spec.uid in body must be of type uuid: "x"'],
    ],
  },
  {
    name: 'probe: valid formats',
    schema: 'Probe',
    object: probe({ addr: '10.0.0.1', blob: 'aGk=', short: 'abc-1', uid: '123e4567-e89b-12d3-a456-426614174000', day: '2024-02-29' }),
    issues: [],
  },
  {
    name: 'probe: int-or-string',
    schema: 'Probe',
    object: probe({ port: true }),
    issues: [['spec.port', 'type', 'error', 'Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']],
  },
  { name: 'probe: int-or-string takes both', schema: 'Probe', object: probe({ port: 'http', items: [] }), issues: [] },
  {
    name: 'probe: nulls in non-nullable fields and map values are pruned',
    schema: 'Probe',
    object: probe({ maybe: null, nodef: null, mode: null, tags: null, req: null, labels: { a: null } }),
    issues: [],
  },
  {
    name: 'probe: null in a list',
    schema: 'Probe',
    object: probe({ nums: [1, null] }),
    issues: [['spec.nums.1', 'null', 'error', 'Invalid value: "null": spec.nums[1] in body must be of type integer: "null"']],
  },
  {
    name: 'probe: 1e21 is not an int64',
    schema: 'Probe',
    object: probe({ nums: [1e21] }),
    issues: [['spec.nums.0', 'type', 'error', 'Invalid value: "number": spec.nums[0] in body must be of type integer: "number"']],
  },
  {
    name: 'probe: list-type set',
    schema: 'Probe',
    object: probe({ tags: ['a', 'a'] }),
    issues: [['spec.tags.1', 'list-set', 'error', 'Duplicate value: "a"']],
  },
  {
    name: 'probe: minItems does not block CEL',
    schema: 'Probe',
    object: probe({ tags: [], minReplicas: 5 }),
    issues: [
      ['spec.tags', 'bounds', 'error', 'Invalid value: 0: spec.tags in body should have at least 1 items'],
      ['spec', 'cel', 'error', 'Invalid value: minReplicas must not exceed maxReplicas'],
    ],
  },
  {
    name: 'probe: maxItems blocks CEL',
    schema: 'Probe',
    object: probe({ tags: ['a', 'b', 'c', 'd'], minReplicas: 5 }),
    issues: [['spec.tags', 'bounds', 'error', 'Too many: 4: must have at most 3 items']],
  },
  {
    name: 'probe: list-type map',
    schema: 'Probe',
    object: probe({ ports: [{ name: 'a' }, { name: 'a', port: 2 }] }),
    issues: [['spec.ports.1', 'list-map', 'error', 'Duplicate value: {"name":"a"}']],
  },
  {
    name: 'probe: required in list items',
    schema: 'Probe',
    object: probe({ ports: [{ port: 1 }] }),
    issues: [['spec.ports.0.name', 'required', 'error', 'Required value']],
  },
  {
    name: 'probe: maxProperties',
    schema: 'Probe',
    object: probe({ labels: { a: '1', b: '2', c: '3' } }),
    issues: [['spec.labels', 'bounds', 'error', 'Too many: 3: must have at most 2 items']],
  },
  {
    name: 'probe: embedded resource needs apiVersion and kind',
    schema: 'Probe',
    object: probe({ template: {} }),
    issues: [
      ['spec.template.kind', 'required', 'error', 'Required value'],
      ['spec.template.apiVersion', 'required', 'error', 'Required value'],
    ],
  },
  {
    name: 'probe: embedded metadata is ObjectMeta',
    schema: 'Probe',
    object: probe({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', foo: 1 }, spec: {} } }),
    issues: [['spec.template.metadata.foo', 'unknown-field', 'error', 'unknown field "spec.template.metadata.foo"']],
  },
  {
    name: 'probe: embedded resource without preserve-unknown-fields',
    schema: 'Probe',
    object: probe({ tmpl2: { apiVersion: 'v1', kind: 'Pod', bar: 1 } }),
    issues: [['spec.tmpl2.bar', 'unknown-field', 'error', 'unknown field "spec.tmpl2.bar"']],
  },
  {
    name: 'probe: status with a status subresource is dropped on create',
    schema: 'Probe',
    object: probe({}, { count: 'x' }),
    issues: [],
  },
  {
    name: 'probe: unknown fields in that status still count',
    schema: 'Probe',
    object: probe({}, { foo: 1 }),
    issues: [['status.foo', 'unknown-field', 'error', 'unknown field "status.foo"']],
  },
  {
    name: 'probe: a type error blocks CEL',
    schema: 'Probe',
    object: probe({ port: 'abc', minReplicas: '5' }),
    issues: [['spec.minReplicas', 'type', 'error', 'Invalid value: "string": spec.minReplicas in body must be of type integer: "string"']],
  },
];
