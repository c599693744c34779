#!/bin/bash
# bench/profile-dom0.sh: the dom0 half of bench/profile. Traces one
# `create -p`, `list`, `unpause` and `destroy` of the tiny guest with each
# tool (the xl process itself, not what it forks) and prints, per command,
# what it asked of the system: hypercalls, xenstore round trips, process
# spawns, file I/O, memory mapping, all system calls, and the untraced
# median wall time of 5 runs.
#   bench/profile-dom0.sh STRACE_TARBALL [KERNEL]
set -u
export LC_ALL=C
tar xzf "${1:?usage: profile-dom0.sh STRACE_TARBALL [KERNEL]}" -C / || exit 1
kernel=${2:-/usr/local/share/xenkit/guests/tinypv}
declare -A xl=([debian]=${XL_DEBIAN:?} [ours]=$(command -v xl))
work=/tmp/profile
mkdir -p $work
cfg() { printf 'type = "pv"\nname = "%s"\nkernel = "%s"\nmemory = 8\nvcpus = 1\n' "$1" "$kernel" > $work/$1.cfg; echo $work/$1.cfg; }

# The first creations after boot are slow for both tools.
for i in 1 2 3 4 5 6; do
    for t in debian ours; do
        ${xl[$t]} create -p "$(cfg warm-$t)" >/dev/null 2>&1
        ${xl[$t]} destroy warm-$t >/dev/null 2>&1
    done
done

# classify TRACE: one line of counts from an `strace -y -o TRACE` file.
classify() {
    awk '
    { line = $0; sub(/^[0-9]+ +/, "", line) }
    line ~ /^(\+\+\+|---)/ { next }
    {
        total++
        call = line; sub(/\(.*/, "", call)
        fd = ""
        if (match(line, /^[a-z0-9_]+\([0-9]+<[^>]*>/)) {
            fd = substr(line, RSTART, RLENGTH); sub(/^[^<]*</, "", fd); sub(/>$/, "", fd)
        }
        if (call == "ioctl" && fd ~ /^\/dev\/xen\/(privcmd|hypercall)/) hyper++
        else if (fd ~ /^socket:|xenbus/) {
            if (call ~ /^(write|writev|sendmsg|sendto)$/ && !sending) { trips++; sending = 1 }
            if (call ~ /^(read|readv|recvmsg|recvfrom)$/) sending = 0
            store++
        } else if (call ~ /^(clone|clone3|fork|vfork|execve)$/) spawn++
        else if (call ~ /^(openat|open|newfstatat|stat|lstat|fstat|getdents64|unlink|unlinkat|rename|mkdir|flock|access|readlink)$/ ||
                 (call ~ /^(read|write|pread64|pwrite64|lseek|close)$/ && fd ~ /^\//)) file++
        else if (call ~ /^(mmap|munmap|mprotect|brk|mremap)$/) mem++
    }
    END { printf "%d %d %d %d %d %d %d\n", hyper, trips, store, spawn, file, mem, total }' "$1"
}

# wall TOOL ARGS...: the median of 5 untraced runs, in ms (each create is
# undone, each destroy prepared, outside the clock).
median5() { sort -n | sed -n 3p; }

printf '%-8s %-8s %8s %11s %9s %7s %9s %7s %9s %8s\n' tool command hypercalls "xs-trips" "xs-calls" spawns "file-io" mmap syscalls "wall-ms"
for t in debian ours; do
    x=${xl[$t]}
    c=$(cfg prof-$t)
    for op in create list unpause destroy; do
        times=()
        for i in 1 2 3 4 5; do
            case $op in
                create) ;;
                destroy|unpause) $x create -p "$c" >/dev/null 2>&1 ;;
                list) [ $i -eq 1 ] && $x create -p "$c" >/dev/null 2>&1 ;;
            esac
            s=${EPOCHREALTIME/./}
            case $op in
                create) $x create -p "$c" >/dev/null 2>&1 ;;
                list) $x list >/dev/null 2>&1 ;;
                unpause) $x unpause prof-$t >/dev/null 2>&1 ;;
                destroy) $x destroy prof-$t >/dev/null 2>&1 ;;
            esac
            e=${EPOCHREALTIME/./}
            times+=($(( (e - s) / 1000 )))
            case $op in create|unpause) $x destroy prof-$t >/dev/null 2>&1 ;; esac
        done
        wall=$(printf '%s\n' "${times[@]}" | median5)
        # The traced run.
        case $op in destroy|unpause) $x create -p "$c" >/dev/null 2>&1 ;; esac
        case $op in
            create) args=(create -p "$c") ;;
            list) args=(list) ;;
            unpause) args=(unpause prof-$t) ;;
            destroy) args=(destroy prof-$t) ;;
        esac
        strace -y -o $work/$t-$op.trace "$x" "${args[@]}" >/dev/null 2>&1
        case $op in create|unpause|list) $x destroy prof-$t >/dev/null 2>&1 ;; esac
        read -r h tr st sp fi me to < <(classify $work/$t-$op.trace)
        printf '%-8s %-8s %8s %11s %9s %7s %9s %7s %9s %8s\n' $t $op $h $tr $st $sp $fi $me $to $wall
        [ -d /lab/out ] && cp $work/$t-$op.trace /lab/out/
    done
done
