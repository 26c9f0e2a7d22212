import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { compileSchema, type SchemaIssue } from '../../src/validation/index.js';
import { corpus } from '../support/validation-corpus.js';

type Doc = { components: { schemas: Record<string, unknown> }; definitions?: Record<string, unknown> };
const read = (path: string) => JSON.parse(readFileSync(new URL(`../data/kube-v1.36.3/openapi/${path}`, import.meta.url), 'utf8')) as Doc;
const apps = read('v3/apis/apps/v1.json');
const core = read('v3/api/v1.json');
const db = read('v3/apis/db.example.com/v1.json');
const stable = read('v3/apis/stable.example.com/v1.json');
const rbac = read('v3/apis/rbac.authorization.k8s.io/v1.json');
const probes = JSON.parse(readFileSync(new URL('../data/validation/probe-openapi-v3.json', import.meta.url), 'utf8')) as Doc;
const v2 = read('v2.json') as unknown as { definitions: Record<string, unknown> };

function v3(document: Doc, name: string) {
  return compileSchema({ document, schema: document.components.schemas[name], source: 'openapi/v3' });
}

/** Issues as [path text, rule, severity, message] rows, so tables read at a glance. */
function rows(issues: SchemaIssue[]): [string, string, string, string][] {
  return issues.map((issue) => [issue.path.join('.'), issue.rule, issue.severity, issue.message]);
}

function deployment(spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.1 } },
              readinessProbe: { httpGet: { path: '/', port: 'http' } },
            },
          ],
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      ...spec,
    },
    ...extra,
  };
}

const container = (fields: Record<string, unknown>) =>
  deployment({
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ...fields }] } },
  });

describe('validation: built-in kinds (native: the Go decoder and the checks Go validation certainly makes)', () => {
  const deployments = v3(apps, 'io.k8s.api.apps.v1.Deployment');

  it('accepts a valid Deployment, null in optional fields, and status values it resets', () => {
    assert.deepEqual(rows(deployments.validate(deployment())), []);
    assert.deepEqual(rows(deployments.validate(deployment({ strategy: null, replicas: null, paused: null }))), []);
    assert.deepEqual(rows(deployments.validate(deployment({}, { status: { conditions: [{ reason: 'x' }] } }))), []);
  });

  const cases: [string, unknown, [string, string, string, string][]][] = [
    ['unknown field', deployment({ foo: 1 }), [['spec.foo', 'unknown-field', 'error', 'unknown field "spec.foo"']]],
    [
      'unknown metadata field',
      { ...deployment(), metadata: { name: 'x', nam: 'y' } },
      [['metadata.nam', 'unknown-field', 'error', 'unknown field "metadata.nam"']],
    ],
    [
      'unknown field in a list item',
      container({ imagePullPolicyy: 'Always' }),
      [
        [
          'spec.template.spec.containers.0.imagePullPolicyy',
          'unknown-field',
          'error',
          'unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
        ],
      ],
    ],
    [
      'string for int32',
      deployment({ replicas: '3' }),
      [['spec.replicas', 'type', 'error', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32']],
    ],
    [
      'float for int32',
      deployment({ replicas: 1.5 }),
      [
        [
          'spec.replicas',
          'type',
          'error',
          'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
        ],
      ],
    ],
    [
      'int32 overflow',
      deployment({ replicas: 2147483648 }),
      [
        [
          'spec.replicas',
          'type',
          'error',
          'json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
        ],
      ],
    ],
    [
      'string for bool',
      deployment({ paused: 'true' }),
      [['spec.paused', 'type', 'error', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool']],
    ],
    [
      'array for object',
      deployment({ selector: [] }),
      [
        [
          'spec.selector',
          'type',
          'error',
          'json: cannot unmarshal array into Go struct field DeploymentSpec.spec.selector of type v1.LabelSelector',
        ],
      ],
    ],
    ['missing required pointer', deployment({ selector: undefined }), [['spec.selector', 'required', 'error', 'Required value']]],
    [
      'missing required list inside a defaulted struct',
      deployment({ template: undefined }),
      [['spec.template.spec.containers', 'required', 'error', 'Required value']],
    ],
    [
      'enum',
      container({ imagePullPolicy: 'Sometimes' }),
      [
        [
          'spec.template.spec.containers.0.imagePullPolicy',
          'enum',
          'error',
          'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
        ],
      ],
    ],
    ['empty enum value is defaulted, not rejected', container({ imagePullPolicy: '' }), []],
    [
      'bad Quantity',
      container({ resources: { limits: { cpu: '1 core' } } }),
      [
        [
          'spec.template.spec.containers.0.resources.limits.cpu',
          'type',
          'error',
          "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ],
      ],
    ],
    ['Quantity as a number', container({ resources: { limits: { cpu: 2, memory: 1e9 } } }), []],
    [
      'int-or-string given a bool',
      container({ readinessProbe: { httpGet: { port: true } } }),
      [
        [
          'spec.template.spec.containers.0.readinessProbe.httpGet.port',
          'type',
          'error',
          // The server also names Probe's inline ProbeHandler: ...readinessProbe.ProbeHandler.httpGet.port.
          'json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.template.spec.containers.readinessProbe.httpGet.port of type int32',
        ],
      ],
    ],
    [
      'type error in status is still a decode error',
      deployment({}, { status: { replicas: 'x' } }),
      [
        [
          'status.replicas',
          'type',
          'error',
          'json: cannot unmarshal string into Go struct field DeploymentStatus.status.replicas of type int32',
        ],
      ],
    ],
    [
      'unknown field in status',
      deployment({}, { status: { foo: 1 } }),
      [['status.foo', 'unknown-field', 'error', 'unknown field "status.foo"']],
    ],
    [
      'bad metadata time',
      { ...deployment(), metadata: { name: 'x', creationTimestamp: 'yesterday' } },
      [['metadata.creationTimestamp', 'type', 'error', 'parsing time "yesterday": not an RFC 3339 time such as "2006-01-02T15:04:05Z"']],
    ],
    ['good metadata time', { ...deployment(), metadata: { name: 'x', creationTimestamp: '2024-02-29T10:00:00+01:00' } }, []],
  ];
  for (const [name, object, expected] of cases) {
    it(name, () => assert.deepEqual(rows(deployments.validate(object)), expected));
  }

  it('checks []byte as base64 and leaves free-form maps alone (ConfigMap)', () => {
    const configMaps = v3(core, 'io.k8s.api.core.v1.ConfigMap');
    const base = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    assert.deepEqual(rows(configMaps.validate({ ...base, data: { a: 'b' }, binaryData: { b: 'aGVsbG8=' } })), []);
    assert.deepEqual(rows(configMaps.validate({ ...base, binaryData: { b: 'not base64!' } })), [
      ['binaryData.b', 'type', 'error', 'illegal base64 data in "not base64!"'],
    ]);
    assert.deepEqual(rows(configMaps.validate({ ...base, data: { a: 1 } })), [
      ['data.a', 'type', 'error', 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string'],
    ]);
  });

  it('validates against the v2 document the same way', () => {
    const schema = v2.definitions['io.k8s.api.apps.v1.Deployment'];
    const compiled = compileSchema({ document: v2, schema, source: 'openapi/v2' });
    assert.deepEqual(rows(compiled.validate(deployment())), []);
    assert.deepEqual(rows(compiled.validate(deployment({ foo: 1, replicas: 'x' }))), [
      ['spec.replicas', 'type', 'error', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
      ['spec.foo', 'unknown-field', 'error', 'unknown field "spec.foo"'],
    ]);
  });
});

describe('validation: CRDs (structural schema, fully enforced)', () => {
  const databases = v3(db, 'com.example.db.v1.Database');
  const base = { apiVersion: 'db.example.com/v1', kind: 'Database', metadata: { name: 'db' } };
  const cases: [string, unknown, [string, string, string, string][]][] = [
    ['valid', { ...base, spec: { engine: 'postgres', replicas: 3 } }, []],
    [
      'enum',
      { ...base, spec: { engine: 'oracle' } },
      [['spec.engine', 'enum', 'error', 'Unsupported value: "oracle": supported values: "postgres", "mysql"']],
    ],
    [
      'integer',
      { ...base, spec: { replicas: 1.5 } },
      [['spec.replicas', 'type', 'error', 'Invalid value: "number": spec.replicas in body must be of type integer: "number"']],
    ],
    [
      'string for integer',
      { ...base, spec: { replicas: '3' } },
      [['spec.replicas', 'type', 'error', 'Invalid value: "string": spec.replicas in body must be of type integer: "string"']],
    ],
    ['unknown field', { ...base, spec: { engin: 'postgres' } }, [['spec.engin', 'unknown-field', 'error', 'unknown field "spec.engin"']]],
    ['null in a non-nullable field is pruned', { ...base, spec: { engine: null } }, []],
    [
      'metadata is ObjectMeta',
      { ...base, metadata: { name: 'db', labels: { a: 1 } } },
      [['metadata.labels.a', 'type', 'error', 'json: cannot unmarshal number into Go struct field ObjectMeta.labels of type string']],
    ],
    ['status of a kind with a status subresource is dropped on create', { ...base, status: { replicas: 'x' } }, []],
    [
      'unknown fields in that status still count',
      { ...base, status: { foo: 1 } },
      [['status.foo', 'unknown-field', 'error', 'unknown field "status.foo"']],
    ],
  ];
  for (const [name, object, expected] of cases) {
    it(name, () => assert.deepEqual(rows(databases.validate(object)), expected));
  }

  it('honours x-kubernetes-preserve-unknown-fields and minimum', () => {
    const freeForms = v3(stable, 'com.example.stable.v1.FreeForm');
    assert.deepEqual(
      rows(freeForms.validate({ apiVersion: 'stable.example.com/v1', kind: 'FreeForm', spec: { anything: [1, { x: 2 }] }, extra: true })),
      [],
    );
    const cronTabs = v3(stable, 'com.example.stable.v1.CronTab');
    assert.deepEqual(rows(cronTabs.validate({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', spec: { replicas: -1 } })), [
      ['spec.replicas', 'bounds', 'error', 'Invalid value: -1: spec.replicas in body should be greater than or equal to 0'],
    ]);
  });
});

describe('validation: the corpus the e2e oracle checks against a v1.36.3 apiserver', () => {
  const schemas = {
    Deployment: v3(apps, 'io.k8s.api.apps.v1.Deployment'),
    Pod: v3(core, 'io.k8s.api.core.v1.Pod'),
    Service: v3(core, 'io.k8s.api.core.v1.Service'),
    ConfigMap: v3(core, 'io.k8s.api.core.v1.ConfigMap'),
    LimitRange: v3(core, 'io.k8s.api.core.v1.LimitRange'),
    Role: v3(rbac, 'io.k8s.api.rbac.v1.Role'),
    Probe: v3(probes, 'com.example.val.v1.Probe'),
  };
  for (const entry of corpus) {
    it(entry.name, () => assert.deepEqual(rows(schemas[entry.schema].validate(entry.object)), entry.issues));
  }
});

describe('validation: CEL rules', () => {
  /** A CRD-like document whose kind has `spec` with the given properties and rules. */
  function crd(properties: Record<string, unknown>, rules: unknown[]) {
    const schema = { type: 'object', properties: { spec: { type: 'object', properties, 'x-kubernetes-validations': rules } } };
    return compileSchema({ document: { components: { schemas: { K: schema } } }, schema, source: 'openapi/v3', servedBy: 'crd' });
  }
  const spec = (rule: string, value: Record<string, unknown>, properties: Record<string, unknown> = {}) =>
    rows(crd(properties, [{ rule }]).validate({ spec: value }));

  const libraryCases: [string, Record<string, unknown>, boolean][] = [
    ['self.s.charAt(1) == "b"', { s: 'abc' }, true],
    ['self.s.replace("-", "+") == "a+b+c"', { s: 'a-b-c' }, true],
    ['self.s.replace("-", "+", 1) == "a+b-c"', { s: 'a-b-c' }, true],
    ['strings.quote(self.s) == "\\"a\\\\nb\\""', { s: 'a\nb' }, true],
    ['self.l.isSorted() && self.l.sum() == 6 && self.l.min() == 1 && self.l.max() == 3', { l: [1, 2, 3] }, true],
    ['self.l.indexOf(2) == 1 && self.l.lastIndexOf(9) == -1', { l: [1, 2, 3] }, true],
    ['self.s.lowerAscii() == "abc" && self.s.upperAscii() == "ABC"', { s: 'aBc' }, true],
    ['self.s.split(",").size() == 2 && ["a", "b"].join("-") == "a-b" && self.s.trim() == self.s', { s: 'a,b' }, true],
    ['self.s.matches("^[a-z]+$")', { s: 'abc' }, true],
    ['self.s.matches("^[a-z]+$")', { s: 'aBc' }, false],
    ['self.l.all(x, x > 0) && self.l.exists_one(x, x == 2) && self.l.filter(x, x > 1).size() == 2', { l: [1, 2, 3] }, true],
    ['self.r > 0.5', { r: 1 }, true],
    ['self.my__dash__field == "x"', { 'my-field': 'x' }, true],
    ['self.t > timestamp("2020-01-01T00:00:00Z")', { t: '2024-01-01T00:00:00Z' }, true],
  ];
  for (const [rule, value, passes] of libraryCases) {
    it(rule, () => {
      const properties = {
        s: { type: 'string' },
        l: { type: 'array', items: { type: 'integer' } },
        r: { type: 'number' },
        'my-field': { type: 'string' },
        t: { type: 'string', format: 'date-time' },
      };
      assert.deepEqual(spec(rule, value, properties), passes ? [] : [['spec', 'cel', 'error', `Invalid value: failed rule: ${rule}`]]);
    });
  }

  it('reports what it cannot evaluate as info, never as an error', () => {
    assert.deepEqual(spec('self.x.quantity() > 1', { x: 'a' }, { x: { type: 'string' } }), [
      ['spec', 'cel', 'info', `not evaluated: "self.x.quantity() > 1": found no matching overload for 'dyn.quantity()'`],
    ]);
    assert.deepEqual(spec('self.missing == 1', {}, {}), [
      ['spec', 'cel', 'info', 'not evaluated: "self.missing == 1": No such key: missing'],
    ]);
    assert.deepEqual(
      rows(crd({}, [{ rule: '((' }]).validate({ spec: {} })).map((row) => row.slice(0, 3)),
      [['spec', 'cel', 'info']],
    );
    assert.deepEqual(spec('self.s', { s: 'x' }, { s: { type: 'string' } }), [
      ['spec', 'cel', 'info', 'not evaluated: "self.s": the rule gives string, not a bool'],
    ]);
  });

  it('skips transition rules on create, and falls back from a failing messageExpression', () => {
    assert.deepEqual(spec('self == oldSelf', {}), []);
    const compiled = crd({ n: { type: 'integer' } }, [{ rule: 'self.n > 1', message: 'n is small', messageExpression: 'self.nope + "x"' }]);
    assert.deepEqual(rows(compiled.validate({ spec: { n: 1 } })), [['spec', 'cel', 'error', 'Invalid value: n is small']]);
  });

  it('applies fieldPath and reason', () => {
    const compiled = crd({ m: { type: 'object', additionalProperties: { type: 'string' } } }, [
      { rule: 'false', fieldPath: ".m['a.b']", reason: 'FieldValueRequired', message: 'needed' },
      { rule: 'false', fieldPath: 'not a path', reason: 'FieldValueDuplicate' },
    ]);
    assert.deepEqual(rows(compiled.validate({ spec: {} })), [
      ['spec.m.a.b', 'cel', 'error', 'Required value: needed'],
      ['spec', 'cel', 'error', 'Duplicate value'],
    ]);
  });

  it('shows a scalar value in the error, as field.Error does (seen on a v1.36.3 apiserver)', () => {
    const rule = (extra: Record<string, unknown>) => [{ rule: 'false', message: 'm', ...extra }];
    const compiled = crd(
      {
        s: { type: 'string', 'x-kubernetes-validations': [...rule({}), ...rule({ reason: 'FieldValueDuplicate' })] },
        num: { type: 'integer', 'x-kubernetes-validations': rule({}) },
      },
      [],
    );
    assert.deepEqual(rows(compiled.validate({ spec: { s: 'aé', num: 3 } })), [
      ['spec.s', 'cel', 'error', 'Invalid value: "aé": m'],
      ['spec.s', 'cel', 'error', 'Duplicate value: "aé"'],
      ['spec.num', 'cel', 'error', 'Invalid value: 3: m'],
    ]);
  });

  it('matches() runs on RE2: a catastrophic pattern is linear, and Perl-only syntax is not evaluated', () => {
    const started = performance.now();
    assert.deepEqual(spec('self.s.matches("(a+)+$")', { s: `${'a'.repeat(5000)}!` }, { s: { type: 'string' } }), [
      ['spec', 'cel', 'error', 'Invalid value: failed rule: self.s.matches("(a+)+$")'],
    ]);
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual(
      spec('self.s.matches("(?=a)")', { s: 'a' }, { s: { type: 'string' } }).map((row) => row.slice(0, 3)),
      [['spec', 'cel', 'info']],
    );
  });
});
