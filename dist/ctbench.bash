# ctbench.bash -- bash completion for ctbench (installed by `cmake --install`
# as share/bash-completion/completions/ctbench): subcommands, their options,
# the values of the options that take one of a few words, config files.
_ctbench() {
  local cur prev sub
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  sub="${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "knn list run show export plot compare --help --version" -- "$cur"))
    return
  fi
  case "$prev" in
    --db|--output|--out|--scripts) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --counters) COMPREPLY=($(compgen -W "papi none sim" -- "$cur")); return ;;
    --progress) COMPREPLY=($(compgen -W "auto bar lines none" -- "$cur")); return ;;
    --format)
      case "$sub" in
        export) COMPREPLY=($(compgen -W "csv json markdown latex baseline" -- "$cur")) ;;
        plot) COMPREPLY=($(compgen -W "pdf svg png" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "table json markdown" -- "$cur")) ;;
      esac
      return ;;
    --table) COMPREPLY=($(compgen -W "summary query setup tree sample run" -- "$cur")); return ;;
  esac
  local opts
  case "$sub" in
    run) opts="--db --only --dry-run --resume --counters --progress --no-progress --quick --machine --help" ;;
    export) opts="--db --format --table --columns --pivot --output --help" ;;
    plot) opts="--db --out --format --scripts --style --size --font --no-provenance --label --overlay --help" ;;
    show) opts="--db --help" ;;
    list) opts="--available --axes --help" ;;
    compare) opts="--db --format --help" ;;
    knn) opts="--help" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ "$sub" = run ]; then
    COMPREPLY=($(compgen -f -X '!*.ini' -- "$cur") $(compgen -d -- "$cur"))
  fi
}
complete -F _ctbench ctbench
