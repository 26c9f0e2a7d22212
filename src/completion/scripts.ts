/**
 * The shell side of completion, for bash, zsh and fish. Each script sends the
 * words typed so far to `kapi __complete` and reads back candidates and cobra's
 * directive (2: no space after the candidate, 4: no file names), so every
 * decision (commands, flags, resource names, field paths) is made by kapi.
 */

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

export function completionScript(shell: Shell, bin = 'kapi'): string {
  const name = bin.replace(/[^A-Za-z0-9_]/g, '_');
  switch (shell) {
    case 'bash':
      return bashScript(bin, name);
    case 'zsh':
      return zshScript(bin, name);
    case 'fish':
      return fishScript(bin, name);
  }
}

/**
 * bash: the line up to the cursor is split on blanks (not on bash's ":" and "="
 * word breaks), and candidates are trimmed to the part bash replaces, so
 * builtin:v1.36.3 and --output=json complete whole. What TAB inserts is quoted
 * with printf %q: a name from a server such as `x$(touch pwned)` is inserted as
 * `x\$\(touch\ pwned\)`, a word, never a command (zsh and fish quote on their own).
 */
function bashScript(bin: string, name: string): string {
  return `# ${bin} completion for bash. Load it with: source <(${bin} completion bash)
_${name}_complete() {
  local line="\${COMP_LINE:0:COMP_POINT}" words current out directive candidate quoted
  read -r -a words <<< "$line"
  [[ "$line" =~ [[:space:]]$ ]] && words+=("")
  current="\${words[\${#words[@]}-1]}"
  out=$("\${words[0]}" __completeNoDesc "\${words[@]:1}" 2>/dev/null) || return
  directive="\${out##*:}"
  out="\${out%:*}"
  COMPREPLY=()
  (( directive & 1 )) && return
  local piece="\${COMP_WORDS[COMP_CWORD]}"
  local cut=$(( \${#current} - \${#piece} ))
  (( cut < 0 )) && cut=0
  while IFS= read -r candidate; do
    if [[ -n "$candidate" && "$candidate" == "$current"* ]]; then
      printf -v quoted '%q' "\${candidate:cut}"
      COMPREPLY+=("$quoted")
    fi
  done <<< "$out"
  (( directive & 2 )) && compopt -o nospace
  if (( \${#COMPREPLY[@]} == 0 )) && ! (( directive & 4 )); then
    compopt -o default
  fi
}
complete -F _${name}_complete ${bin}
`;
}

/** zsh: candidates with their descriptions through _describe; file names only when kapi allows them. */
function zshScript(bin: string, name: string): string {
  return `#compdef ${bin}
# ${bin} completion for zsh. Load it with: source <(${bin} completion zsh)  (after compinit)
_${name}() {
  local out directive line value description
  local -a lines candidates
  out=$(\${words[1]} __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  directive="\${lines[-1]#:}"
  lines=("\${(@)lines[1,-2]}")
  (( directive & 1 )) && return 1
  for line in "\${lines[@]}"; do
    [[ -z "$line" ]] && continue
    value="\${line%%$'\\t'*}"
    description=""
    [[ "$line" == *$'\\t'* ]] && description="\${line#*$'\\t'}"
    value="\${value//:/\\\\:}"
    candidates+=("\${value}\${description:+:$description}")
  done
  if (( \${#candidates} > 0 )); then
    if (( directive & 2 )); then
      _describe -t ${name} '${bin}' candidates -S ''
    else
      _describe -t ${name} '${bin}' candidates
    fi
  elif ! (( directive & 4 )); then
    _files
  fi
}
if [[ "\${funcstack[1]}" == "_${name}" ]]; then
  _${name} "$@"
else
  compdef _${name} ${bin}
fi
`;
}

/**
 * fish: candidates with descriptions as fish takes them ("value<TAB>description").
 * fish has no "no space" switch, so for a single candidate that must not be
 * followed by a space a second one ("value.") keeps fish at the common prefix.
 */
function fishScript(bin: string, name: string): string {
  return `# ${bin} completion for fish. Load it with: ${bin} completion fish | source
function __${name}_complete
    set -l words (commandline -opc)
    set -l out ($words[1] __complete $words[2..-1] (commandline -ct) 2>/dev/null)
    or return
    set -l directive (string replace -r '^:' '' -- $out[-1])
    set -e out[-1]
    if test (math "bitand($directive, 1)") -ne 0
        return
    end
    if test (count $out) -eq 0
        if test (math "bitand($directive, 4)") -eq 0
            __fish_complete_path (commandline -ct)
        end
        return
    end
    printf '%s\\n' $out
    if test (count $out) -eq 1; and test (math "bitand($directive, 2)") -ne 0
        printf '%s.\\n' (string split -f1 \\t -- $out[1])
    end
end
complete -c ${bin} -f -a '(__${name}_complete)'
`;
}
