import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandSpec, FlagSpec } from './candidates.js';

interface ManifestCommand {
  id: string;
  summary?: string;
  hidden?: boolean;
  flags?: Record<string, FlagSpec>;
  args?: Record<string, unknown>;
}

/** The commands, their flags and arguments as oclif's manifest (written at build time) records them. */
export function readManifestCommands(root: string): CommandSpec[] {
  const file = new URL('../oclif.manifest.json', root.startsWith('file:') ? root : `file://${root}`);
  const manifest = JSON.parse(readFileSync(fileURLToPath(file), 'utf8')) as { commands: Record<string, ManifestCommand> };
  return Object.values(manifest.commands).map((command) => ({
    id: command.id,
    summary: command.summary,
    hidden: command.hidden,
    flags: command.flags ?? {},
    args: Object.keys(command.args ?? {}),
  }));
}
