/**
 * The atlas page's style and script, inlined into every page. The script
 * reads the model from #atlas-data and builds the DOM with textContent only.
 * Field trees open lazily: a field's children are built when it is opened.
 * Navigation lives in the URL hash (#r=<group>/<version>/<resource>&f=<field.path>),
 * so a view can be linked to and the back button works, from a file URL too.
 */

export const atlasStyle = `
:root { --local:#2f6fb0; --crd:#2e8b57; --aggregated:#7b4bb7; --unknown:#7a7a7a; --bad:#c0392b; --stale:#d68910; --line:#d9dde3; --muted:#5f6b7a; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#1d2430; background:#f7f8fa; }
header { position:sticky; top:0; z-index:2; background:#fff; border-bottom:1px solid var(--line); padding:10px 16px; display:grid; grid-template-columns:auto 1fr; gap:4px 16px; align-items:center; }
h1 { font-size:18px; margin:0; }
.subtitle { margin:0; color:var(--muted); }
.legend { grid-column:1; }
#search { grid-column:2; grid-row:1 / span 2; justify-self:end; width:min(520px, 100%); padding:7px 10px; font-size:15px; border:1px solid #b8c0cc; border-radius:6px; }
main { display:grid; grid-template-columns:minmax(260px, 340px) 1fr; min-height:calc(100vh - 80px); }
nav { border-right:1px solid var(--line); padding:8px 10px 40px; overflow:auto; max-height:calc(100vh - 80px); position:sticky; top:80px; background:#fff; }
#panel { padding:12px 20px 60px; min-width:0; }
details.group > summary { font-weight:600; cursor:pointer; padding:3px 0; }
.version { margin:4px 0 6px 10px; border-left:4px solid var(--unknown); padding-left:8px; }
.version.served-local { border-color:var(--local); }
.version.served-crd { border-color:var(--crd); }
.version.served-aggregated { border-color:var(--aggregated); }
.version.avail-unavailable, .version.avail-failed { background:repeating-linear-gradient(135deg, #fff, #fff 6px, #fbeaea 6px, #fbeaea 12px); }
.version.avail-stale { background:repeating-linear-gradient(135deg, #fff, #fff 6px, #fdf2e2 6px, #fdf2e2 12px); }
.version-head { display:flex; gap:6px; align-items:center; flex-wrap:wrap; color:var(--muted); }
.version-name { font-weight:600; color:#1d2430; }
.chip { display:inline-block; font-size:11px; line-height:16px; padding:0 6px; border-radius:8px; color:#fff; background:var(--unknown); margin-right:4px; }
.chip.served-local { background:var(--local); } .chip.served-crd { background:var(--crd); } .chip.served-aggregated { background:var(--aggregated); }
.chip.avail-unavailable, .chip.avail-failed { background:var(--bad); } .chip.avail-stale { background:var(--stale); }
ul.resources { list-style:none; margin:2px 0; padding:0; }
ul.resources li { padding:1px 0; }
a.resource { color:#14396a; text-decoration:none; cursor:pointer; }
a.resource:hover, a.resource.current { text-decoration:underline; font-weight:600; }
.short { color:var(--muted); font-size:12px; margin-left:6px; }
.hint { color:var(--muted); }
#results { background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px 12px; margin-bottom:14px; }
#results h2 { font-size:13px; margin:4px 0; color:var(--muted); font-weight:600; }
#results ol { margin:0 0 6px; padding-left:20px; }
#results li { margin:1px 0; }
.result-path { font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:13px; }
.result-meta { color:var(--muted); font-size:12px; margin-left:6px; }
#detail h2 { margin:4px 0 2px; font-size:20px; }
.meta { display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; margin:8px 0 14px; }
.meta dt { color:var(--muted); } .meta dd { margin:0; }
code, .mono { font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:13px; }
.fields details { margin-left:16px; border-left:1px dotted #c8ced6; padding-left:6px; }
.fields > details { margin-left:0; }
.fields summary { cursor:pointer; padding:1px 0; list-style-position:outside; }
.fname { font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-weight:600; }
.ftype { color:#8a4b08; margin-left:8px; font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:12px; }
.req { color:var(--bad); font-size:11px; margin-left:6px; text-transform:uppercase; letter-spacing:.04em; }
.fbody { margin:2px 0 6px 2px; }
.desc { margin:2px 0 4px; white-space:pre-wrap; color:#303a48; max-width:90ch; }
.facts { margin:2px 0 4px; padding:0; list-style:none; font-size:13px; }
.facts li { margin:1px 0; } .facts .k { color:var(--muted); margin-right:6px; }
.cut { color:var(--muted); font-style:italic; }
.highlight > summary { background:#fff3b0; }
`;

export const atlasScript = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('atlas-data').textContent);
  var schemas = data.schemas;
  var nav = document.getElementById('groups');
  var detail = document.getElementById('detail');
  var results = document.getElementById('results');
  var search = document.getElementById('search');
  var all = [];
  var byId = {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function qualified(name, group) { return group ? name + '.' + group : name; }
  function idOf(group, version, name) { return group + '/' + version + '/' + name; }
  function hashFor(id, field) { return '#r=' + encodeURIComponent(id) + (field ? '&f=' + encodeURIComponent(field) : ''); }

  data.groups.forEach(function (group) {
    var box = el('details', 'group');
    box.open = true;
    box.appendChild(el('summary', null, group.name || 'core'));
    group.versions.forEach(function (version) {
      var v = el('div', 'version served-' + version.servedBy.toLowerCase() + ' avail-' + version.availability.toLowerCase());
      v.dataset.gv = group.name ? group.name + '/' + version.version : version.version;
      var head = el('div', 'version-head');
      head.appendChild(el('span', 'version-name', version.version));
      if (version.preferred) head.appendChild(el('span', null, 'preferred'));
      head.appendChild(el('span', 'chip served-' + version.servedBy.toLowerCase(), version.servedBy));
      if (version.availability !== 'Available') head.appendChild(el('span', 'chip avail-' + version.availability.toLowerCase(), version.availability));
      head.title = [version.servedByDetail, version.availabilityDetail].filter(Boolean).join('\n');
      v.appendChild(head);
      var list = el('ul', 'resources');
      version.resources.forEach(function (resource) {
        var id = idOf(group.name, version.version, resource.name);
        var entry = { id: id, group: group.name, version: version, resource: resource };
        all.push(entry);
        byId[id] = entry;
        var item = el('li');
        var link = el('a', 'resource', resource.name);
        link.href = hashFor(id);
        link.dataset.id = id;
        item.appendChild(link);
        if (resource.shortNames.length) item.appendChild(el('span', 'short', resource.shortNames.join(', ')));
        list.appendChild(item);
      });
      v.appendChild(list);
      box.appendChild(v);
    });
    nav.appendChild(box);
  });

  // Schema walking, as kapi's field index does: properties of the schema, else through
  // $ref, items, map values and allOf; a reference already expanded above stops the walk.
  // With a budget (the search index), each reference is expanded at most walk.limits.repeats times.
  function children(schema, ancestors, budget) {
    var out = [], names = {}, seen = {}, refs = ancestors.slice(), cycle = null;
    function step(s) {
      if (!s || typeof s !== 'object') return;
      if (typeof s.$ref === 'string') {
        if (ancestors.indexOf(s.$ref) >= 0) { cycle = cycle || s.$ref; return; }
        if (seen[s.$ref]) return;
        seen[s.$ref] = true;
        if (budget && !budget.expand(s.$ref)) return;
        refs.push(s.$ref);
        s = schemas[s.$ref] || {};
      }
      if (s.properties && Object.keys(s.properties).length) {
        var required = s.required || [];
        Object.keys(s.properties).sort(byBytes).forEach(function (name) {
          if (names[name]) return;
          names[name] = true;
          out.push({ name: name, schema: s.properties[name], required: required.indexOf(name) >= 0 });
        });
        return;
      }
      if (s.items && typeof s.items === 'object' && Object.keys(s.items).length) return step(s.items);
      if (s.additionalProperties && typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length) return step(s.additionalProperties);
      (s.allOf || []).forEach(step);
    }
    step(schema);
    return { list: out, refs: refs, cycle: cycle };
  }

  // kapi's walk budget (src/limits/walk-budget.ts), with its limits from the model: fields visited,
  // depth, expansions of one schema. A schema whose references form a DAG cannot hang the tab.
  function WalkBudget() { this.nodes = 0; this.expansions = {}; this.reached = null; }
  WalkBudget.prototype.stop = function (limit) { this.reached = this.reached || limit; return false; };
  WalkBudget.prototype.enter = function (depth) {
    if (depth > data.walk.limits.depth) return this.stop('depth');
    if (this.nodes >= data.walk.limits.nodes) return this.stop('nodes');
    this.nodes++;
    return true;
  };
  WalkBudget.prototype.expand = function (ref) {
    var count = Object.prototype.hasOwnProperty.call(this.expansions, ref) ? this.expansions[ref] : 0;
    if (count >= data.walk.limits.repeats) return this.stop('repeats');
    this.expansions[ref] = count + 1;
    return true;
  };
  function byBytes(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  // The field's own keywords completed by its $ref (or single allOf $ref) target.
  function effective(s) {
    var ref = typeof s.$ref === 'string' ? s.$ref : (s.allOf && s.allOf.length === 1 && s.allOf[0].$ref);
    var target = ref ? schemas[ref] : null;
    var out = {};
    var k;
    if (target) for (k in target) out[k] = target[k];
    for (k in s) out[k] = s[k];
    return out;
  }

  // kapi writes explain's type name on each property; a repeated subtree stored once is behind a "~" reference.
  function typeOf(s) {
    if (s['x-kapi-type']) return s['x-kapi-type'];
    return typeof s.$ref === 'string' && schemas[s.$ref] ? schemas[s.$ref]['x-kapi-type'] || '' : '';
  }

  // declaresDefault in src/openapi/schema.ts: a zero value ("", 0, false, {} or []) is no default.
  function declaresDefault(v) {
    if (v === undefined || v === null || v === '' || v === 0 || v === false) return false;
    return !(typeof v === 'object' && Object.keys(v).length === 0);
  }

  function facts(s) {
    var e = effective(s), list = [];
    function add(k, v) { list.push([k, v]); }
    if (declaresDefault(e.default)) add('default', JSON.stringify(e.default));
    var values = e.enum || (e.items && effective(e.items).enum);
    if (values && values.length) add('enum', values.map(function (x) { return JSON.stringify(x); }).join(', '));
    if (e.format) add('format', e.format);
    ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'].forEach(function (k) {
      if (e[k] !== undefined) add(k, String(e[k]) + ((k === 'minimum' && e.exclusiveMinimum === true) || (k === 'maximum' && e.exclusiveMaximum === true) ? ' (exclusive)' : ''));
    });
    if (e.pattern) add('pattern', e.pattern);
    if (e.nullable) add('nullable', 'true');
    if (e['x-kubernetes-int-or-string']) add('int-or-string', 'true');
    if (e['x-kubernetes-list-type']) add('list-type', e['x-kubernetes-list-type'] + (e['x-kubernetes-list-map-keys'] ? ' (keys: ' + e['x-kubernetes-list-map-keys'].join(', ') + ')' : ''));
    if (e['x-kubernetes-map-type']) add('map-type', e['x-kubernetes-map-type']);
    if (e['x-kubernetes-preserve-unknown-fields']) add('preserve-unknown-fields', 'true');
    (e['x-kubernetes-validations'] || []).forEach(function (rule) {
      add('validation', rule.rule + (rule.message ? '  (' + rule.message + ')' : rule.messageExpression ? '  (' + rule.messageExpression + ')' : ''));
    });
    if (e.deprecated === true) add('deprecated', 'true');
    return { list: list, description: e.description || '' };
  }

  function fieldNode(child, path, ancestors) {
    var node = el('details', 'field');
    node.dataset.path = path;
    var summary = el('summary');
    summary.appendChild(el('span', 'fname', child.name));
    summary.appendChild(el('span', 'ftype', typeOf(child.schema)));
    if (child.required) summary.appendChild(el('span', 'req', 'required'));
    node.appendChild(summary);
    var built = false;
    node.addEventListener('toggle', function () {
      if (!node.open || built) return;
      built = true;
      node.appendChild(fieldBody(child.schema, path, ancestors));
    });
    return node;
  }

  function fieldBody(schema, path, ancestors) {
    var body = el('div', 'fbody');
    var f = facts(schema);
    if (f.description) body.appendChild(el('p', 'desc', f.description));
    if (f.list.length) {
      var ul = el('ul', 'facts');
      f.list.forEach(function (pair) {
        var li = el('li');
        li.appendChild(el('span', 'k', pair[0] + ':'));
        li.appendChild(el('span', 'mono', pair[1]));
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
    var next = children(schema, ancestors);
    if (next.cycle) body.appendChild(el('p', 'cut', 'Same type as an enclosing field (' + next.cycle + '): not expanded again.'));
    next.list.forEach(function (child) { body.appendChild(fieldNode(child, path ? path + '.' + child.name : child.name, next.refs)); });
    return body;
  }

  function meta(list, key, value, mono) {
    if (value === '' || value === null || value === undefined) return;
    list.appendChild(el('dt', null, key));
    list.appendChild(el('dd', mono ? 'mono' : null, value));
  }

  function showResource(id, field) {
    var entry = byId[id];
    if (!entry) return;
    Array.prototype.forEach.call(nav.querySelectorAll('a.resource.current'), function (a) { a.classList.remove('current'); });
    var link = nav.querySelector('a.resource[data-id="' + cssEscape(id) + '"]');
    if (link) {
      link.classList.add('current');
      link.scrollIntoView({ block: 'nearest' });
    }
    var r = entry.resource, v = entry.version;
    detail.textContent = '';
    detail.dataset.id = id;
    detail.appendChild(el('h2', null, r.kind));
    var dl = el('dl', 'meta');
    meta(dl, 'resource', qualified(r.name, entry.group), true);
    meta(dl, 'group-version', entry.group ? entry.group + '/' + v.version : v.version, true);
    meta(dl, 'path', r.path, true);
    meta(dl, 'scope', r.namespaced ? 'Namespaced' : 'Cluster');
    meta(dl, 'short names', r.shortNames.join(', '), true);
    meta(dl, 'categories', r.categories.join(', '));
    meta(dl, 'verbs', r.verbs.join(', '));
    meta(dl, 'subresources', r.subresources.join(', '));
    meta(dl, 'served by', v.servedBy + (v.servedByDetail ? ' (' + v.servedByDetail + ')' : ''));
    meta(dl, 'availability', v.availability + (v.availabilityDetail ? ': ' + v.availabilityDetail : ''));
    detail.appendChild(dl);
    var tree = el('div', 'fields');
    if (r.schema === null || !schemas[r.schema]) {
      tree.appendChild(el('p', 'hint', 'The server publishes no schema for this resource.'));
    } else {
      var root = schemas[r.schema];
      if (root.description) tree.appendChild(el('p', 'desc', root.description));
      var top = children({ $ref: r.schema }, []);
      top.list.forEach(function (child) { tree.appendChild(fieldNode(child, child.name, top.refs)); });
    }
    detail.appendChild(tree);
    if (field) openField(tree, field);
  }

  function openField(tree, field) {
    var parts = field.split('.'), scope = tree, node = null, path = '';
    for (var i = 0; i < parts.length; i++) {
      path = path ? path + '.' + parts[i] : parts[i];
      node = null;
      var candidates = scope.children;
      for (var j = 0; j < candidates.length; j++) {
        if (candidates[j].dataset && candidates[j].dataset.path === path) { node = candidates[j]; break; }
      }
      if (!node) break;
      node.open = true;
      node.dispatchEvent(new Event('toggle'));
      scope = node.querySelector(':scope > .fbody') || node;
    }
    if (node) {
      node.classList.add('highlight');
      node.scrollIntoView({ block: 'center' });
    }
  }

  function cssEscape(text) { return window.CSS && CSS.escape ? CSS.escape(text) : text.replace(/["\\]/g, '\\$&'); }

  // Search: resources by name, kind, short name, singular and group; field paths once the query has two characters.
  var fieldIndex = null, fieldCuts = [];
  function buildFieldIndex() {
    fieldIndex = [];
    all.forEach(function (entry) {
      var key = entry.resource.schema;
      if (key === null || !schemas[key]) return;
      var budget = new WalkBudget();
      (function walk(schema, prefix, ancestors, depth) {
        var next = children(schema, ancestors, budget);
        for (var i = 0; i < next.list.length; i++) {
          var child = next.list[i];
          if (!budget.enter(depth + 1)) return;
          var path = prefix ? prefix + '.' + child.name : child.name;
          fieldIndex.push({ entry: entry, path: path, lower: path.toLowerCase(), type: typeOf(child.schema) });
          walk(child.schema, path, next.refs, depth + 1);
        }
      })({ $ref: key }, '', [], 0);
      if (budget.reached) fieldCuts.push({ entry: entry, limit: budget.reached });
    });
  }

  var limit = 200;
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    results.textContent = '';
    if (!q) { results.hidden = true; return; }
    results.hidden = false;
    var resourceHits = all.filter(function (entry) {
      var r = entry.resource;
      return [r.name, r.kind, r.singularName, qualified(r.name, entry.group)].concat(r.shortNames).some(function (s) { return s.toLowerCase().indexOf(q) >= 0; });
    });
    results.appendChild(el('h2', null, 'Resources (' + resourceHits.length + ')'));
    var ol = el('ol', 'hits-resources');
    resourceHits.slice(0, limit).forEach(function (entry) {
      var li = el('li');
      var a = el('a', 'resource', qualified(entry.resource.name, entry.group));
      a.href = hashFor(entry.id);
      li.appendChild(a);
      li.appendChild(el('span', 'result-meta', entry.version.version + ' · ' + entry.resource.kind + (entry.resource.shortNames.length ? ' · ' + entry.resource.shortNames.join(', ') : '')));
      ol.appendChild(li);
    });
    results.appendChild(ol);
    if (q.length < 2) return;
    if (!fieldIndex) buildFieldIndex();
    var fieldHits = fieldIndex.filter(function (f) { return f.lower.indexOf(q) >= 0; });
    results.appendChild(el('h2', null, 'Fields (' + fieldHits.length + (fieldHits.length > limit ? ', first ' + limit + ' shown' : '') + ')'));
    fieldCuts.forEach(function (cut) {
      results.appendChild(el('p', 'cut walk-cut', 'The field walk of ' + qualified(cut.entry.resource.name, cut.entry.group) + ' ' + cut.entry.version.version +
        ' stopped at ' + data.walk.texts[cut.limit] + " (kapi's walk budget): its fields are searched only that far."));
    });
    var fl = el('ol', 'hits-fields');
    fieldHits.slice(0, limit).forEach(function (f) {
      var li = el('li');
      var a = el('a', 'resource result-path', qualified(f.entry.resource.name, f.entry.group) + '.' + f.path);
      a.href = hashFor(f.entry.id, f.path);
      li.appendChild(a);
      li.appendChild(el('span', 'result-meta', f.entry.version.version + ' · ' + f.type));
      fl.appendChild(li);
    });
    results.appendChild(fl);
  }
  var timer = null;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(runSearch, 120); });

  function route() {
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      if (eq > 0) params[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1));
    });
    if (params.r) showResource(params.r, params.f);
  }
  window.addEventListener('hashchange', route);
  route();
  document.documentElement.dataset.ready = 'true';
})();
`;
