/**
 * Schemas as the validator walks them: a published OpenAPI schema (v3
 * component or v2 definition, with `$ref`s and the `allOf: [{$ref}]` wrappers
 * built-in types carry) turned into one flat node per schema object, compiled
 * on first use and cached by the identity of the schema object a reference
 * resolves to, so ObjectMeta or PodSpec compile once per document however
 * many kinds and objects use them. Children compile lazily: a reference cycle
 * costs nothing until an object is deep enough to walk it.
 */

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** Go types the decoder reads with their own rules, found by their component name. */
export type GoType = 'quantity' | 'int-or-string' | 'time' | 'micro-time' | 'free-form';

export interface ValidationRuleSpec {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
}

export interface SchemaNode {
  /** The component (v3) or definition (v2) name, when the node is one: io.k8s.api.core.v1.PodSpec. */
  name?: string;
  /** undefined: any type. */
  type?: JsonType;
  goType?: GoType;
  nullable: boolean;
  /** Names of published Go types (a reference to io.k8s.apimachinery...) are checked as the Go decoder checks them, even inside a CRD. */
  native: boolean;
  properties?: ReadonlyMap<string, unknown>;
  /** A map's value schema; true: any value. */
  additionalProperties?: unknown | true;
  items?: unknown;
  required: readonly string[];
  enum?: readonly unknown[];
  format?: string;
  hasDefault: boolean;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum: boolean;
  exclusiveMaximum: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  preserveUnknownFields: boolean;
  embeddedResource: boolean;
  intOrString: boolean;
  listType?: string;
  listMapKeys: readonly string[];
  validations: readonly ValidationRuleSpec[];
  anyOf: readonly unknown[];
  oneOf: readonly unknown[];
  allOfRest: readonly unknown[];
  not?: unknown;
}

const goTypes: Record<string, GoType> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'int-or-string',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'micro-time',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'free-form',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'free-form',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': 'free-form',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': 'free-form',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': 'free-form',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': 'free-form',
};

const jsonTypes = new Set<string>(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** How deep allOf and $ref chains are followed while compiling one node. */
const maxCompileDepth = 64;

const anyNode: SchemaNode = Object.freeze({
  nullable: true,
  native: false,
  required: [],
  hasDefault: false,
  exclusiveMinimum: false,
  exclusiveMaximum: false,
  preserveUnknownFields: true,
  embeddedResource: false,
  intOrString: false,
  listMapKeys: [],
  validations: [],
  anyOf: [],
  oneOf: [],
  allOfRest: [],
});

/** The node that accepts everything: what an unresolvable reference or a cycle compiles to. */
export function acceptAll(): SchemaNode {
  return anyNode;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function rules(value: unknown): ValidationRuleSpec[] {
  if (!Array.isArray(value)) return [];
  const out: ValidationRuleSpec[] = [];
  for (const entry of value) {
    if (!isRecord(entry) || typeof entry.rule !== 'string') continue;
    const rule: ValidationRuleSpec = { rule: entry.rule };
    for (const key of ['message', 'messageExpression', 'reason', 'fieldPath'] as const) {
      const text = entry[key];
      if (typeof text === 'string') rule[key] = text;
    }
    out.push(rule);
  }
  return out;
}

export class SchemaCompiler {
  private readonly cache = new WeakMap<object, SchemaNode>();
  private readonly inProgress = new Set<object>();
  private readonly components: Record<string, unknown>;
  private readonly prefix: string;
  private names: Map<unknown, string> | undefined;

  constructor(document: unknown, source: 'openapi/v3' | 'openapi/v2') {
    const root = isRecord(document) ? document : {};
    if (source === 'openapi/v3') {
      const components = isRecord(root.components) ? root.components : {};
      this.components = isRecord(components.schemas) ? components.schemas : {};
      this.prefix = '#/components/schemas/';
    } else {
      this.components = isRecord(root.definitions) ? root.definitions : {};
      this.prefix = '#/definitions/';
    }
  }

  private readonly childCache = new WeakMap<SchemaNode, Map<string, SchemaNode | null>>();
  private readonly defaultedCache = new WeakMap<SchemaNode, Array<[string, SchemaNode]>>();

  /** The compiled property schemas of a node, filled as properties are met (one lookup per object, not per field). */
  children(node: SchemaNode): Map<string, SchemaNode | null> {
    let children = this.childCache.get(node);
    if (!children) {
      children = new Map();
      this.childCache.set(node, children);
    }
    return children;
  }

  property(node: SchemaNode, children: Map<string, SchemaNode | null>, key: string): SchemaNode | undefined {
    let child = children.get(key);
    if (child === undefined) {
      const schema = node.properties?.get(key);
      child = schema === undefined ? null : this.compile(schema);
      children.set(key, child);
    }
    return child ?? undefined;
  }

  /** The properties that have a default, compiled: what structural defaulting visits. */
  defaulted(node: SchemaNode): Array<[string, SchemaNode]> {
    let list = this.defaultedCache.get(node);
    if (!list) {
      list = [];
      for (const [key, schema] of node.properties ?? []) {
        const child = this.compile(schema);
        if (child.hasDefault) list.push([key, child]);
      }
      this.defaultedCache.set(node, list);
    }
    return list;
  }

  /** The node of a schema object; anything that is not an object compiles to accept-all. */
  compile(schema: unknown): SchemaNode {
    if (!isRecord(schema)) return anyNode;
    const cached = this.cache.get(schema);
    if (cached) return cached;
    if (this.inProgress.has(schema) || this.inProgress.size > maxCompileDepth) return anyNode;
    this.inProgress.add(schema);
    try {
      const node = this.build(schema);
      this.cache.set(schema, node);
      return node;
    } finally {
      this.inProgress.delete(schema);
    }
  }

  private resolve(ref: string): { name: string; schema: unknown } | undefined {
    if (!ref.startsWith(this.prefix)) return undefined;
    const name = decodeURIComponent(ref.slice(this.prefix.length)).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!Object.hasOwn(this.components, name)) return undefined;
    return { name, schema: this.components[name] };
  }

  private build(schema: Record<string, unknown>): SchemaNode {
    // The referenced schemas: `$ref` itself (v2 and hand-written v3) and the
    // `allOf: [{$ref}]` wrapper; their constraints merge with the sibling keys.
    const parts: SchemaNode[] = [];
    const rest: unknown[] = [];
    let goType: GoType | undefined;
    let native = false;
    const refs: unknown[] = [];
    if (typeof schema.$ref === 'string') refs.push(schema);
    if (Array.isArray(schema.allOf)) {
      for (const member of schema.allOf) {
        if (isRecord(member) && typeof member.$ref === 'string') refs.push(member);
        else rest.push(member);
      }
    }
    for (const holder of refs) {
      const target = this.resolve((holder as { $ref: string }).$ref);
      if (!target) continue;
      if (target.name.startsWith('io.k8s.')) native = true;
      goType ??= goTypes[target.name];
      parts.push(this.compile(target.schema));
    }
    if (goType === undefined && schema.format === 'int-or-string') goType = 'int-or-string';
    const own = this.own(schema, rest);
    let node = parts.reduce(merge, own);
    const name = this.nameOf(schema);
    if (name !== undefined) node = { ...node, name };
    if (goType !== undefined) node = { ...node, goType };
    if (native || parts.some((part) => part.native)) node = { ...node, native: true };
    return node;
  }

  private nameOf(schema: object): string | undefined {
    if (!this.names) {
      this.names = new Map();
      for (const [name, value] of Object.entries(this.components)) if (!this.names.has(value)) this.names.set(value, name);
    }
    return this.names.get(schema);
  }

  private own(schema: Record<string, unknown>, allOfRest: unknown[]): SchemaNode {
    const type = typeof schema.type === 'string' && jsonTypes.has(schema.type) ? (schema.type as JsonType) : undefined;
    const properties = isRecord(schema.properties) ? new Map(Object.entries(schema.properties)) : undefined;
    const additional = schema.additionalProperties;
    const node: SchemaNode = {
      nullable: schema.nullable === true,
      native: false,
      required: strings(schema.required),
      hasDefault: Object.hasOwn(schema, 'default') && schema.default !== null,
      exclusiveMinimum: schema.exclusiveMinimum === true,
      exclusiveMaximum: schema.exclusiveMaximum === true,
      preserveUnknownFields: schema['x-kubernetes-preserve-unknown-fields'] === true,
      embeddedResource: schema['x-kubernetes-embedded-resource'] === true,
      intOrString: schema['x-kubernetes-int-or-string'] === true,
      listMapKeys: strings(schema['x-kubernetes-list-map-keys']),
      validations: rules(schema['x-kubernetes-validations']),
      anyOf: Array.isArray(schema.anyOf) ? schema.anyOf : [],
      oneOf: Array.isArray(schema.oneOf) ? schema.oneOf : [],
      allOfRest,
    };
    if (type) node.type = type;
    if (properties) node.properties = properties;
    if (additional === true || isRecord(additional)) node.additionalProperties = isRecord(additional) ? additional : true;
    if (schema.items !== undefined && !Array.isArray(schema.items)) node.items = schema.items;
    if (Array.isArray(schema.enum)) node.enum = schema.enum;
    if (typeof schema.format === 'string') node.format = schema.format;
    if (node.hasDefault) node.default = schema.default;
    const bounds = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const;
    for (const key of bounds) {
      const value = num(schema[key]);
      if (value !== undefined) node[key] = value;
    }
    // OpenAPI 3.1 style numeric exclusive bounds.
    const exclusiveMinimum = num(schema.exclusiveMinimum);
    if (exclusiveMinimum !== undefined) Object.assign(node, { minimum: exclusiveMinimum, exclusiveMinimum: true });
    const exclusiveMaximum = num(schema.exclusiveMaximum);
    if (exclusiveMaximum !== undefined) Object.assign(node, { maximum: exclusiveMaximum, exclusiveMaximum: true });
    if (typeof schema.pattern === 'string') node.pattern = schema.pattern;
    if (typeof schema['x-kubernetes-list-type'] === 'string') node.listType = schema['x-kubernetes-list-type'];
    if (schema.not !== undefined) node.not = schema.not;
    return node;
  }
}

/** The node of `a` with the constraints of `b` added: what `allOf` means for the schemas Kubernetes publishes. */
function merge(a: SchemaNode, b: SchemaNode): SchemaNode {
  if (b === anyNode) return a;
  const out: SchemaNode = { ...b, ...definedOnly(a) };
  out.nullable = a.nullable || b.nullable;
  out.native = a.native || b.native;
  out.required = [...new Set([...a.required, ...b.required])];
  out.hasDefault = a.hasDefault || b.hasDefault;
  out.preserveUnknownFields = a.preserveUnknownFields || b.preserveUnknownFields;
  out.embeddedResource = a.embeddedResource || b.embeddedResource;
  out.intOrString = a.intOrString || b.intOrString;
  out.exclusiveMinimum = a.minimum !== undefined ? a.exclusiveMinimum : b.exclusiveMinimum;
  out.exclusiveMaximum = a.maximum !== undefined ? a.exclusiveMaximum : b.exclusiveMaximum;
  out.listMapKeys = a.listMapKeys.length > 0 ? a.listMapKeys : b.listMapKeys;
  out.validations = [...a.validations, ...b.validations];
  out.anyOf = [...a.anyOf, ...b.anyOf];
  out.oneOf = [...a.oneOf, ...b.oneOf];
  out.allOfRest = [...a.allOfRest, ...b.allOfRest];
  if (a.properties && b.properties) {
    const properties = new Map(b.properties);
    for (const [key, schema] of a.properties) {
      const other = properties.get(key);
      properties.set(key, other === undefined ? schema : { allOf: [schema, other] });
    }
    out.properties = properties;
  }
  return out;
}

function definedOnly(node: SchemaNode): Partial<SchemaNode> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (value !== undefined) out[key] = value;
  return out as Partial<SchemaNode>;
}
