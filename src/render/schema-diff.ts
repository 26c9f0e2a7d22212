import { Chalk } from 'chalk';
import type { AttributeChange, FieldChangeMarker, ResourceSchemaChanges, SchemaDiff, SchemaDiffSummary } from '../openapi/schema-diff.js';
import { qualifiedName } from '../surface/vocabulary.js';
import { type DiffFormat, markdownSide, markers } from './diff.js';
import { byOutput, documentPrinters, markdownText, toMarkdown } from './formats.js';
import { tabwriteRows } from './tabwriter.js';
import { terminalText } from './terminal-text.js';

/** Prints a schema diff; text and markdown print nothing when nothing changed. */
export function renderSchemaDiff(diff: SchemaDiff, options: { format: DiffFormat; color?: boolean }): string {
  return byOutput(options.format, {
    ...documentPrinters(() => diff),
    markdown: () => renderMarkdown(diff),
    text: () => renderText(diff, options.color === true),
  });
}

/** One block per resource: a heading "deployments.apps/v1 (Deployment)", then "+ field  type" / "~ field  what changed" lines. */
function renderText(diff: SchemaDiff, color: boolean): string {
  if (diff.resources.length === 0) return '';
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const paint: Record<FieldChangeMarker, (text: string) => string> = { added: chalk.green, removed: chalk.red, changed: chalk.yellow };
  const blocks = diff.resources.map((resource) => {
    const rows = resource.changes.map((change) => [change.field, changeText(change.change, change.type, change.attributes)]);
    const lines = tabwriteRows(rows).trimEnd().split('\n');
    const body = lines.map((line, index) => {
      const change = resource.changes[index]?.change ?? 'changed';
      return paint[change](`  ${markers[change]} ${line}`.trimEnd());
    });
    return [chalk.bold(terminalText(heading(resource), 'line')), ...body].join('\n');
  });
  return `${blocks.join('\n\n')}\n\n${summaryText(diff.summary)}\n`;
}

function renderMarkdown(diff: SchemaDiff): string {
  if (diff.resources.length === 0) return '';
  const sections = diff.resources.map(
    (resource) =>
      `### ${markdownText(heading(resource), 'line')}\n\n${toMarkdown(
        ['', 'Field', 'Change'],
        resource.changes.map((change) => [
          markers[change.change],
          { code: change.field },
          changeText(change.change, change.type, change.attributes),
        ]),
      )}`,
  );
  return `Schema changes from ${markdownSide(diff.from)} to ${markdownSide(diff.to)}: ${summaryText(diff.summary)}\n\n${sections.join('\n')}`;
}

function heading(resource: ResourceSchemaChanges): string {
  return `${qualifiedName(resource.resource, resource.group)}/${resource.version} (${resource.kind})`;
}

/** The type of an added or removed field; for a changed one, each attribute: "type: a -> b", "enum: +X -Y", "required: false -> true". */
export function changeText(change: FieldChangeMarker, type: string, attributes: AttributeChange[]): string {
  if (change !== 'changed') return type;
  return attributes.map(attributeText).join('; ');
}

function attributeText(attribute: AttributeChange): string {
  if (attribute.attribute === 'enum' || attribute.attribute === 'validation') {
    const items = [...attribute.added.map((item) => `+${item}`), ...attribute.removed.map((item) => `-${item}`)];
    return `${attribute.attribute}: ${items.join(' ')}`;
  }
  return `${attribute.attribute}: ${attribute.from ?? '<none>'} -> ${attribute.to ?? '<none>'}`;
}

/** "2 resources changed (of 52 compared): 10 fields added, 1 removed, 3 changed". */
export function summaryText(summary: SchemaDiffSummary): string {
  const compared = `${summary.resourcesCompared} compared`;
  if (summary.resourcesChanged === 0) return `no schema differences (${compared})`;
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return (
    `${plural(summary.resourcesChanged, 'resource')} changed (of ${compared}): ` +
    `${plural(summary.fieldsAdded, 'field')} added, ${summary.fieldsRemoved} removed, ${summary.fieldsChanged} changed`
  );
}
