/** What the shells complete: per command, its flags and the values some of them take. */
export interface CompletionSpec {
  /** Subcommands after `cilium-report`. */
  commands: readonly string[];
  /** Flags by command ('' for the report itself). */
  flags: Readonly<Record<string, readonly string[]>>;
  /** Fixed values of a flag (`--format` → html md json junit); a value ending in `=` takes more after it. */
  values: Readonly<Record<string, readonly string[]>>;
  /** Flags whose value is a path. */
  paths: readonly string[];
}

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

const words = (list: readonly string[]) => list.join(' ');

/** `source <(cilium-report completion bash)`; zsh reuses it through bashcompinit, as kubectl's does. */
function bash(spec: CompletionSpec): string {
  const valueCases = Object.entries(spec.values)
    .map(([flag, values]) => {
      const spaced = values.some((v) => v.endsWith('='));
      return `    ${flag})\n      COMPREPLY=( $(compgen -W "${words(values)}" -- "$cur") )${spaced ? '\n      compopt -o nospace 2>/dev/null' : ''}\n      return ;;`;
    })
    .join('\n');
  const flagCases = Object.entries(spec.flags)
    .map(([command, flags]) => `    ${command === '' ? '""' : command}) flags="${words(flags)}" ;;`)
    .join('\n');
  return `# cilium-report completion for bash: source <(cilium-report completion bash)
_cilium_report() {
  local cur prev command flags
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  command=""
  case "\${COMP_WORDS[1]}" in
    ${spec.commands.join('|')}) command="\${COMP_WORDS[1]}" ;;
  esac
  case "$prev" in
${valueCases}
    ${spec.paths.join('|')})
      COMPREPLY=( $(compgen -f -- "$cur") )
      return ;;
  esac
  case "$command" in
${flagCases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$flags" -- "$cur") )
    return
  fi
  if [[ "$command" == completion ]]; then
    COMPREPLY=( $(compgen -W "${words(SHELLS)}" -- "$cur") )
    return
  fi
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=( $(compgen -W "${words(spec.commands)}" -- "$cur") $(compgen -f -- "$cur") )
    return
  fi
  COMPREPLY=( $(compgen -f -- "$cur") )
}
complete -o filenames -F _cilium_report cilium-report
`;
}

function zsh(spec: CompletionSpec): string {
  return `#compdef cilium-report
# cilium-report completion for zsh: source <(cilium-report completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(spec).split('\n').slice(1).join('\n')}`;
}

function fish(spec: CompletionSpec): string {
  const out = ['# cilium-report completion for fish: cilium-report completion fish | source', 'complete -c cilium-report -f'];
  out.push(`complete -c cilium-report -n '__fish_use_subcommand' -a '${words(spec.commands)}'`);
  out.push(`complete -c cilium-report -n '__fish_use_subcommand' -F`);
  out.push(`complete -c cilium-report -n '__fish_seen_subcommand_from completion' -a '${words(SHELLS)}'`);
  for (const [command, flags] of Object.entries(spec.flags)) {
    const when = command === '' ? `not __fish_seen_subcommand_from ${words(spec.commands)}` : `__fish_seen_subcommand_from ${command}`;
    for (const flag of flags) {
      const long = flag.startsWith('--') ? flag.slice(2) : null;
      if (!long) continue;
      const values = spec.values[flag];
      const arg = values ? ` -x -a '${words(values)}'` : spec.paths.includes(flag) ? ' -r -F' : '';
      out.push(`complete -c cilium-report -n '${when}' -l ${long}${arg}`);
    }
  }
  out.push(`complete -c cilium-report -n '__fish_seen_subcommand_from diff grep' -F`);
  return `${out.join('\n')}\n`;
}

/** The completion script for one shell. */
export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === 'bash' ? bash(spec) : shell === 'zsh' ? zsh(spec) : fish(spec);
}
