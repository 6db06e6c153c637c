# bash completion for streamlint                                   -*- shell-script -*-
# Installed as share/bash-completion/completions/streamlint; or source it from ~/.bashrc.
# Plain bash (compgen), no bash-completion helpers needed.

_streamlint()
{
    local cur prev cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}

    local commands="check show rules explain advise"
    local kinds="kafka-broker kafka-producer kafka-consumer kafka-connect zookeeper flink elasticsearch-index jvm"
    local check_formats="text json sarif github gitlab junit checkstyle"

    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            check|show|rules|explain|advise) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return 0
    fi

    # Values of options.
    case $prev in
        --format)
            if [[ $cmd == check ]]; then
                COMPREPLY=($(compgen -W "$check_formats" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "text json" -- "$cur"))
            fi
            return 0 ;;
        --fail-on)
            COMPREPLY=($(compgen -W "error warning info never" -- "$cur"))
            return 0 ;;
        --kind)
            COMPREPLY=($(compgen -W "$kinds" -- "$cur"))
            return 0 ;;
        --profile)
            COMPREPLY=($(compgen -W "guide throughput latency durability" -- "$cur"))
            return 0 ;;
        --role)
            COMPREPLY=($(compgen -W "kafka-broker kafka-producer kafka-consumer flink flink-jobmanager flink-taskmanager elasticsearch" -- "$cur"))
            return 0 ;;
        --disk-type)
            COMPREPLY=($(compgen -W "ssd nvme hdd network" -- "$cur"))
            return 0 ;;
        --count|--cores|--memory|--disk|--events-per-second|--bytes-per-second|--latency-p95|--retention|--max-file-size)
            return 0 ;;
        --target)
            COMPREPLY=($(compgen -W "kafka= flink= elasticsearch= jdk=" -- "$cur"))
            compopt -o nospace 2>/dev/null
            return 0 ;;
        --rules|--write-docs|--out)
            COMPREPLY=($(compgen -d -- "$cur"))
            return 0 ;;
        --output|--config|--baseline|--write-baseline|--diff)
            if [[ $prev != --diff || $cmd == advise ]]; then
                COMPREPLY=($(compgen -f -- "$cur"))
                return 0
            fi ;;
        --select|--ignore|--changed-since)
            return 0 ;;
    esac

    local opts
    case $cmd in
        check)
            opts="--format --output --fail-on --select --ignore --target --config --rules --kind --baseline
                  --write-baseline --changed-since --skip-unrecognised --max-file-size --verbose --diff --fix --unsafe-fixes
                  --help" ;;
        show)    opts="--format --target --config --rules --kind --max-file-size --verbose --help" ;;
        rules)   opts="--format --rules --write-docs --help" ;;
        explain) opts="--rules --help" ;;
        advise)  opts="--config --profile --out --diff --format --target --role --count --cores --memory --disk
                       --disk-type --events-per-second --bytes-per-second --latency-p95 --retention --help" ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ $cmd == explain ]]; then
        COMPREPLY=($(compgen -W "$(streamlint rules --format json 2>/dev/null |
            sed -n 's/^ *"id": "\([^"]*\)".*/\1/p')" -- "$cur"))
    elif [[ $cmd == check || $cmd == show ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
}
complete -o filenames -F _streamlint streamlint
