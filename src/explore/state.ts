import fuzzysort from 'fuzzysort';
import type { WalkLimit } from '../limits/walk-budget.js';
import type { SchemaField } from '../openapi/field-index.js';
import { groupVersionString, qualifiedName } from '../surface/vocabulary.js';

/** A field as the explorer lists it. */
export type FieldPath = Pick<SchemaField, 'path' | 'type'>;

/**
 * The explorer as a pure state machine: keys and loaded schemas in, a new
 * state out. The terminal driver only forwards keypresses, loads what
 * `wantedSchema` names and prints `exit`; the screen is a pure function of the
 * state (screen.ts). Two lists: resources, then the chosen resource's field
 * paths; Enter goes down a level (and from a field, exits with its path), Esc
 * goes back up (and from the resource list, exits 130 as fzf does).
 */

/** A resource as the explorer lists it. */
export interface ExploreResource {
  /** Plural name. */
  name: string;
  group: string;
  version: string;
  kind: string;
  shortNames: string[];
  /** Who serves it: Local, CRD, Aggregated:ns/name:port, Unknown. */
  servedBy: string;
}

/** A schema document's load state for one group-version. */
export type SchemaState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; schemas: GroupVersionSchemas };

/** What the explorer asks of one group-version's schema document (deterministic; may memoize). */
export interface GroupVersionSchemas {
  /** The resource's field paths; [] when the document has no schema for it. */
  fields(resource: ExploreResource): FieldPath[];
  /** The walk budget's limit that cut the resource's field list short, if one did (a schema bomb). */
  fieldsCut?(resource: ExploreResource): WalkLimit | undefined;
  /** explain's text for a field path ([] for the resource itself); throws a KapiError when there is none. */
  explain(resource: ExploreResource, path: string[]): string;
}

export interface ListState {
  query: string;
  /** Indexes into the full list, best match first (all of them, in order, for an empty query). */
  matches: number[];
  cursor: number;
}

export type ExploreExit = { code: 0; resource: ExploreResource; path: string[] } | { code: 130 };

export interface ExploreState {
  resources: ExploreResource[];
  mode: 'resources' | 'fields';
  resourceList: ListState;
  /** The resource whose fields are listed (fields mode). */
  chosen?: ExploreResource;
  fieldList: ListState;
  /** Keyed by schemaKey(resource). */
  schemas: Record<string, SchemaState>;
  exit?: ExploreExit;
}

/** A keypress as Node's readline reports it. */
export interface Key {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
  meta?: boolean;
}

export type ExploreEvent = { type: 'key'; key: Key } | { type: 'schema'; key: string; state: SchemaState };

export function schemaKey(resource: Pick<ExploreResource, 'group' | 'version'>): string {
  return groupVersionString(resource.group, resource.version);
}

/** explain's argument for a resource and path: "deployments.apps.spec.replicas", "pods.spec". */
export function explainPath(resource: ExploreResource, path: string[]): string {
  return [qualifiedName(resource.name, resource.group), ...path].join('.');
}

export function initialState(resources: ExploreResource[], query = ''): ExploreState {
  const state: ExploreState = {
    resources,
    mode: 'resources',
    resourceList: { query: '', matches: [], cursor: 0 },
    fieldList: { query: '', matches: [], cursor: 0 },
    schemas: {},
  };
  return { ...state, resourceList: filterResources(resources, query) };
}

/** The group-version whose schema the screen needs and nobody has asked for yet. */
export function wantedSchema(state: ExploreState): string | undefined {
  const resource = state.mode === 'fields' ? state.chosen : highlightedResource(state);
  if (!resource) return undefined;
  const key = schemaKey(resource);
  return state.schemas[key] === undefined ? key : undefined;
}

export function highlightedResource(state: ExploreState): ExploreResource | undefined {
  const index = state.resourceList.matches[state.resourceList.cursor];
  return index === undefined ? undefined : state.resources[index];
}

/** The chosen resource's field paths (fields mode), once its schema is loaded. */
export function chosenFields(state: ExploreState): FieldPath[] {
  if (!state.chosen) return [];
  const schema = state.schemas[schemaKey(state.chosen)];
  return schema?.status === 'ready' ? schema.schemas.fields(state.chosen) : [];
}

export function highlightedField(state: ExploreState): FieldPath | undefined {
  const index = state.fieldList.matches[state.fieldList.cursor];
  return index === undefined ? undefined : chosenFields(state)[index];
}

export function reduce(state: ExploreState, event: ExploreEvent): ExploreState {
  if (state.exit) return state;
  if (event.type === 'schema') {
    const next = { ...state, schemas: { ...state.schemas, [event.key]: event.state } };
    // Fields arriving for the chosen resource: list them with the query typed so far.
    if (next.mode === 'fields' && next.chosen && schemaKey(next.chosen) === event.key) {
      return { ...next, fieldList: filterFields(chosenFields(next), next.fieldList.query) };
    }
    return next;
  }
  return reduceKey(state, event.key);
}

function reduceKey(state: ExploreState, key: Key): ExploreState {
  if (key.ctrl && key.name === 'c') return { ...state, exit: { code: 130 } };
  const listName = state.mode === 'resources' ? 'resourceList' : 'fieldList';
  const list = state[listName];
  const move = (delta: number): ExploreState => {
    const last = list.matches.length - 1;
    return { ...state, [listName]: { ...list, cursor: Math.max(0, Math.min(last, list.cursor + delta)) } };
  };
  const retype = (query: string): ExploreState =>
    state.mode === 'resources'
      ? { ...state, resourceList: filterResources(state.resources, query) }
      : { ...state, fieldList: filterFields(chosenFields(state), query) };

  switch (true) {
    case key.name === 'escape':
      if (state.mode === 'fields') return { ...state, mode: 'resources', chosen: undefined };
      return { ...state, exit: { code: 130 } };
    case key.name === 'return' || key.name === 'enter':
      return enter(state);
    case key.name === 'up' || (key.ctrl === true && key.name === 'p'):
      return move(-1);
    case key.name === 'down' || (key.ctrl === true && key.name === 'n'):
      return move(1);
    case key.name === 'pageup':
      return move(-10);
    case key.name === 'pagedown':
      return move(10);
    case key.name === 'backspace':
      return retype(list.query.slice(0, -1));
    case key.ctrl === true && key.name === 'u':
      return retype('');
    case key.name === 'tab' && state.mode === 'fields':
      return completeField(state);
    default: {
      const text = printable(key);
      return text === undefined ? state : retype(list.query + text);
    }
  }
}

function enter(state: ExploreState): ExploreState {
  if (state.mode === 'resources') {
    const resource = highlightedResource(state);
    if (!resource) return state;
    const chosen = { ...state, mode: 'fields' as const, chosen: resource };
    return { ...chosen, fieldList: filterFields(chosenFields(chosen), '') };
  }
  const field = highlightedField(state);
  if (!state.chosen || !field) return state;
  return { ...state, exit: { code: 0, resource: state.chosen, path: field.path } };
}

/** Tab puts the highlighted field's path in the query, so typing goes on below it. */
function completeField(state: ExploreState): ExploreState {
  const field = highlightedField(state);
  if (!field) return state;
  return { ...state, fieldList: filterFields(chosenFields(state), `${field.path.join('.')}.`) };
}

/** The text a key types, if it types one (no control characters). */
function printable(key: Key): string | undefined {
  if (key.ctrl || key.meta || key.sequence === undefined) return undefined;
  const chars = [...key.sequence];
  if (chars.length !== 1) return undefined;
  const code = key.sequence.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code < 0xa0) ? undefined : key.sequence;
}

function filterResources(resources: ExploreResource[], query: string): ListState {
  if (query === '') return { query, matches: resources.map((_, index) => index), cursor: 0 };
  const targets = resources.map((resource, index) => ({
    index,
    name: resource.name,
    kind: resource.kind,
    short: resource.shortNames.join(' '),
    group: resource.group,
  }));
  const results = fuzzysort.go(query, targets, { keys: ['name', 'kind', 'short', 'group'], limit: 0, threshold: 0 });
  return { query, matches: results.map((result) => result.obj.index), cursor: 0 };
}

function filterFields(fields: FieldPath[], query: string): ListState {
  if (query === '') return { query, matches: fields.map((_, index) => index), cursor: 0 };
  const targets = fields.map((field, index) => ({ index, path: field.path.join('.') }));
  const results = fuzzysort.go(query, targets, { key: 'path', limit: 0, threshold: 0 });
  return { query, matches: results.map((result) => result.obj.index), cursor: 0 };
}
