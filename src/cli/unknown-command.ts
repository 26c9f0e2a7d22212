import { closeNames } from '../suggest.js';
import { CLIError } from './cli-errors.js';

/**
 * `kapi explian pods`: the command is not found, with the closest command names (or those the typed
 * word begins, `kapi expl`), as cobra suggests them for kubectl.
 */
export function unknownCommand(word: string, ids: readonly string[]): CLIError {
  const close = closeNames(word, ids);
  const suggestions = close.length > 0 ? close : word.length >= 2 ? ids.filter((id) => id.startsWith(word)).slice(0, 3) : [];
  return new CLIError(`command ${word} not found`, { suggestions });
}
