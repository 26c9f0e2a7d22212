import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exploreResources } from '../../src/explore/catalog.js';
import { documentSchemas } from '../../src/explore/schemas.js';
import { renderScreen, screenLines } from '../../src/explore/screen.js';
import { type ExploreState, initialState, type Key, reduce, wantedSchema } from '../../src/explore/state.js';
import type { OpenApiV3Document } from '../../src/openapi/documents.js';
import { captureSurface } from '../support/surfaces.ts';

const document = (path: string) =>
  JSON.parse(readFileSync(new URL(`../data/kube-v1.36.3/openapi/v3/${path}.json`, import.meta.url), 'utf8')) as OpenApiV3Document;
const resources = exploreResources(captureSurface('kube-v1.36.3'));

/** Plays keys through the state machine, answering each schema it wants from the capture's v3 documents. */
function play(keys: Key[], query = ''): ExploreState {
  let state = initialState(resources, query);
  const settle = () => {
    for (let key = wantedSchema(state); key !== undefined; key = wantedSchema(state)) {
      const path = key.includes('/') ? `apis/${key}` : `api/${key}`;
      state = reduce(state, { type: 'schema', key, state: { status: 'ready', schemas: documentSchemas(document(path)) } });
    }
  };
  settle();
  for (const key of keys) {
    state = reduce(state, { type: 'key', key });
    settle();
  }
  return state;
}

const text = (typed: string): Key[] => [...typed].map((char) => ({ name: char, sequence: char }));
const key = (name: string, ctrl = false): Key => ({ name, ctrl });
const screen = (state: ExploreState) => screenLines(renderScreen(state, { columns: 72, rows: 18, sourceLabel: 'test' }));

describe('explore: the resource catalog (v1.36.3 capture)', () => {
  it('lists one entry per resource in its preferred version, with who serves it', () => {
    const byName = (name: string) => resources.find((r) => r.name === name);
    assert.deepEqual(byName('flunders'), {
      name: 'flunders',
      group: 'wardle.example.com',
      version: 'v1alpha1',
      kind: 'Flunder',
      shortNames: [],
      servedBy: 'Aggregated:wardle/api:39043',
    });
    assert.equal(byName('crontabs')?.servedBy, 'CRD');
    assert.equal(byName('deployments')?.servedBy, 'Local');
    assert.equal(resources.filter((r) => r.name === 'horizontalpodautoscalers').length, 1);
    assert.ok(resources.every((r) => !r.name.includes('/')));
  });
});

describe('explore: field paths (the field index, through documentSchemas)', () => {
  const fieldsOf = (path: string, name: string) => {
    const resource = resources.find((r) => r.name === name);
    assert.ok(resource);
    return documentSchemas(document(path)).fields(resource);
  };

  it("lists a kind's fields as explain names them, through refs, arrays and maps", () => {
    const fields = fieldsOf('apis/apps/v1', 'deployments');
    const find = (path: string) => fields.find((f) => f.path.join('.') === path)?.type;
    assert.equal(find('spec.replicas'), 'integer');
    assert.equal(find('spec.template.spec.containers'), '[]Container');
    assert.equal(find('spec.template.spec.containers.image'), 'string');
    assert.equal(find('metadata.labels'), 'map[string]string');
    assert.deepEqual(
      fields.slice(0, 3).map((f) => f.path.join('.')),
      ['apiVersion', 'kind', 'metadata'],
    );
  });

  it('lists a CRD and an aggregated resource', () => {
    assert.ok(fieldsOf('apis/stable.example.com/v1', 'crontabs').some((f) => f.path.join('.') === 'spec.cronSpec'));
    const flunder = fieldsOf('apis/wardle.example.com/v1alpha1', 'flunders').map((f) => f.path.join('.'));
    assert.deepEqual(
      flunder.filter((p) => p.startsWith('spec')),
      ['spec', 'spec.reference', 'spec.referenceType'],
    );
  });

  it('explains a path as kapi explain prints it, and names a missing one', () => {
    const schemas = documentSchemas(document('apis/wardle.example.com/v1alpha1'));
    const flunders = resources.find((r) => r.name === 'flunders');
    assert.ok(flunders);
    assert.equal(
      schemas.explain(flunders, ['spec', 'reference']),
      'GROUP:      wardle.example.com\nKIND:       Flunder\nVERSION:    v1alpha1\n\nFIELD: reference <string>\n\n\nDESCRIPTION:\n' +
        '    A name of another flunder or fischer, depending on the reference type.\n    \n\n',
    );
    assert.throws(() => schemas.explain(flunders, ['spec', 'nope']), /field "spec.nope" does not exist in flunders/);
  });
});

describe('explore: keys -> state -> screen (72x18)', () => {
  it('starts on every resource, the first highlighted, its explain in the preview', () => {
    assert.deepEqual(screen(play([])), [
      'kapi explore · test · resources 73/73 · Enter: fields · Esc: quit',
      'resource> ',
      '> bindings                      Binding                 v1            …',
      '  componentstatuses (cs)        ComponentStatus         v1            …',
      '  configmaps (cm)               ConfigMap               v1            …',
      '  endpoints (ep)                Endpoints               v1            …',
      '  events (ev)                   Event                   v1            …',
      '── bindings · served by Local ─────────────────────────────────────────',
      'KIND:       Binding',
      'VERSION:    v1',
      '',
      'DESCRIPTION:',
      '    Binding ties one object to another; for example, a pod is bound to…',
      '    a scheduler.',
      '',
      'FIELDS:',
      '  apiVersion    <string>',
    ]);
  });

  it('typing filters resources fuzzily and previews who serves the match', () => {
    assert.deepEqual(screen(play(text('flu'))), [
      'kapi explore · test · resources 1/73 · Enter: fields · Esc: quit',
      'resource> flu',
      '> flunders                      Flunder                 wardle.example…',
      '',
      '',
      '',
      '',
      '── flunders.wardle.example.com · served by Aggregated:wardle/api:39043 ',
      'GROUP:      wardle.example.com',
      'KIND:       Flunder',
      'VERSION:    v1alpha1',
      '',
      'DESCRIPTION:',
      '    <empty>',
      'FIELDS:',
      '  apiVersion    <string>',
      '    APIVersion defines the versioned schema of this representation of …',
    ]);
  });

  it('Enter lists the field paths; typing filters them; the preview explains the highlighted one', () => {
    const fields = play([...text('flu'), key('return')]);
    assert.equal(fields.mode, 'fields');
    assert.equal(screen(fields)[2], '> apiVersion                                   <string>');
    assert.deepEqual(screen(play([...text('flu'), key('return'), ...text('reft')])), [
      'kapi explore · flunders.wardle.example.com · fields 3/35 · Enter: prin…',
      'flunders.wardle.example.com> reft',
      '> spec.referenceType                           <string>',
      '  metadata.ownerReferences.controller          <boolean>',
      '  metadata.ownerReferences.blockOwnerDeletion  <boolean>',
      '',
      '',
      '── flunders.wardle.example.com.spec.referenceType · served by Aggregat…',
      'GROUP:      wardle.example.com',
      'KIND:       Flunder',
      'VERSION:    v1alpha1',
      '',
      'FIELD: referenceType <string>',
      '',
      '',
      'DESCRIPTION:',
      '    The reference type, defaults to "Flunder" if reference is set.',
    ]);
  });

  it('Esc goes back to the resources with their query; Esc there exits 130', () => {
    const back = play([...text('flu'), key('return'), ...text('reft'), key('escape')]);
    assert.deepEqual(screen(back), screen(play(text('flu'))));
    assert.equal(back.exit, undefined);
    assert.deepEqual(play([key('escape')]).exit, { code: 130 });
  });

  it('Enter on a field exits 0 with its resource and path; Ctrl-C exits 130 from anywhere', () => {
    const chosen = play([...text('flu'), key('return'), ...text('reft'), key('down'), key('up'), key('return')]);
    assert.deepEqual(chosen.exit, { code: 0, resource: resources.find((r) => r.name === 'flunders'), path: ['spec', 'referenceType'] });
    assert.deepEqual(play([...text('flu'), key('return'), key('c', true)]).exit, { code: 130 });
  });

  it('moves within the list, edits the query, and Tab completes the highlighted path', () => {
    assert.equal(play([key('up')]).resourceList.cursor, 0);
    assert.equal(play([key('down'), key('down'), key('n', true)]).resourceList.cursor, 3);
    assert.equal(play(text('depx'), 'x').resourceList.query, 'xdepx');
    const edited = play([...text('deplo'), key('backspace'), key('backspace')]);
    assert.equal(edited.resourceList.query, 'dep');
    assert.equal(play([...text('dep'), key('u', true)]).resourceList.matches.length, resources.length);
    const tab = play([...text('deploy'), key('return'), ...text('spec.containers.image'), key('tab')]);
    assert.equal(tab.fieldList.query, 'spec.template.spec.containers.image.');
    assert.equal(play(text('zzzz')).resourceList.matches.length, 0);
    assert.equal(screen(play(text('zzzz')))[2], '  (no match)');
  });

  it('never lets server text move the cursor: control characters are shown escaped', () => {
    const evil = initialState([{ name: 'evil', group: 'x.io', version: 'v1', kind: 'Evil\u001b[2J', shortNames: [], servedBy: 'CRD' }]);
    const state = reduce(evil, {
      type: 'schema',
      key: 'x.io/v1',
      state: { status: 'ready', schemas: { fields: () => [], explain: () => 'DESCRIPTION:\n    bad\u001b]0;title\u0007 text\n' } },
    });
    const lines = screen(state);
    assert.ok(
      lines.every((line) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(line)),
      lines.join('\n'),
    );
    assert.ok(lines.includes('    bad\\x1b]0;title\\a text'), lines.join('\n'));
    assert.ok(lines[2]?.includes('"Evil\\x1b[2J"'), lines[2]);
  });
});
