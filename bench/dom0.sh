#!/bin/bash
# bench/dom0.sh: the measuring half of bench/run; runs as root in the lab's
# dom0 and appends one JSON object per measurement to a JSON-lines file.
#   bench/dom0.sh OUT.jsonl [TINYPV_KERNEL]
# Environment: XL_DEBIAN (Debian's xl), BENCH_ROUNDS (10), BENCH_WARMUP (12),
# BENCH_DOMAINS (200), BENCH_GUEST_MEM (8), BENCH_TOOLS ("debian ours"),
# BENCH_SCALE ("own": each tool fills the host in turn; "mixed": together),
# BENCH_SETTLE (30: seconds of quiet before each scale run),
# BENCH_BUDGET (seconds, 0 = none: past 3/4 of it no more domains are added
# in the scale run, past all of it the teardown is no longer timed).
# The kernel defaults to /lab/in/tinypv, else the one our build installed.
set -u
export LC_ALL=C                 # EPOCHREALTIME with a '.' separator

out=${1:?usage: dom0.sh OUT.jsonl [KERNEL]}
kernel=${2:-}
rounds=${BENCH_ROUNDS:-10}
warmup=${BENCH_WARMUP:-12}
domains=${BENCH_DOMAINS:-200}
gmem=${BENCH_GUEST_MEM:-8}
budget=${BENCH_BUDGET:-0}
settle_secs=${BENCH_SETTLE:-30}
work=/tmp/bench
mkdir -p $work/cfg
errlog=$work/errors.log
: > "$out"
: > "$errlog"

if [ -z "$kernel" ]; then
    for k in /lab/in/tinypv /usr/local/share/xenkit/guests/tinypv \
             /usr/share/xenkit/guests/tinypv; do
        [ -f "$k" ] && { kernel=$k; break; }
    done
fi
[ -f "$kernel" ] || { echo "bench: no tinypv kernel" >&2; exit 1; }

declare -A xl=([debian]=${XL_DEBIAN:?XL_DEBIAN is not set})
ours=$(command -v xl)

json_str() { # a JSON string literal of $1 (quotes, backslashes, controls)
    local s=${1//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/ }
    s=${s//$'\t'/ }
    printf '"%s"' "$s"
}

emit() { echo "$*" >> "$out"; }

# One config file per domain name, written before any clock starts.
config() {
    local f=$work/cfg/$1.cfg
    [ -f "$f" ] || printf 'type = "pv"\nname = "%s"\nkernel = "%s"\nmemory = %s\nvcpus = 1\n' \
        "$1" "$kernel" "$gmem" > "$f"
    echo "$f"
}

# The clock: xk-bench-time (bench/spawn_time.c) spawns each command without
# a fork of this shell, whose copy of bash's page tables costs a PV dom0
# 4-5 ms a command; without it, bash's own clock around a fork.
timer=
for f in /usr/local/libexec/xenkit/bench/xk-bench-time \
         /usr/libexec/xenkit/bench/xk-bench-time; do
    [ -x "$f" ] && { timer=$f; break; }
done

# timed TOOL ARGS...: run one xl command; sets T (seconds, 6 decimals) and
# returns its status. The output of a failed command goes to the error log.
timed() {
    local tool=$1 s e rc
    shift
    if [ -n "$timer" ]; then
        T=$("$timer" $work/cmd.out "${xl[$tool]}" "$@")
        rc=$?
        case $T in
            [0-9]*.[0-9]*) ;;
            *) echo "bench: the timer failed on $tool xl $*" >> "$errlog"
               T=0; [ $rc -eq 0 ] && rc=125 ;;
        esac
    else
        s=${EPOCHREALTIME/./}
        "${xl[$tool]}" "$@" > $work/cmd.out 2>&1
        rc=$?
        e=${EPOCHREALTIME/./}
        T=$(printf '%d.%06d' $(( (e - s) / 1000000 )) $(( (e - s) % 1000000 )))
    fi
    if [ $rc -ne 0 ]; then
        echo "bench: $tool xl $* -> exit $rc" >> "$errlog"
        tail -n 5 $work/cmd.out >> "$errlog"
    fi
    return $rc
}

# measure PHASE TOOL OP N ARGS...: time one command and record it.
measure() {
    local phase=$1 tool=$2 op=$3 n=$4 rc
    shift 4
    timed "$tool" "$@"
    rc=$?
    emit "{\"phase\":\"$phase\",\"tool\":\"$tool\",\"op\":\"$op\",\"n\":$n,\"secs\":$T,\"rc\":$rc}"
    return $rc
}

ndomains() { "${xl[debian]}" list 2>/dev/null | tail -n +3 | wc -l; }

# Is our xl there, and does it create and destroy a domain? Debian's xl
# checks the outcome, so a command that merely exits 0 is not enough.
tools=(debian)
ours_note=""
if [ -z "$ours" ] || [ "$(readlink -f "$ours")" = "$(readlink -f "${xl[debian]}")" ] ||
   [ "$(readlink -f "$ours")" = "$(readlink -f /usr/sbin/xl 2>/dev/null)" ]; then
    ours_note="our xl is not installed"
else
    xl[ours]=$ours
    cfg=$(config bench-probe)
    if ! timed ours create -p "$cfg"; then
        ours_note="our xl create failed: $(tail -n 3 $work/cmd.out | tr '\n' ' ')"
    elif ! "${xl[debian]}" domid bench-probe >/dev/null 2>&1; then
        ours_note="our xl create exited 0 but no domain bench-probe exists"
    elif ! timed ours destroy bench-probe ||
         "${xl[debian]}" domid bench-probe >/dev/null 2>&1; then
        ours_note="our xl destroy failed"
    else
        tools=(debian ours)
    fi
    "${xl[debian]}" destroy bench-probe >/dev/null 2>&1
fi
# The xenstore part of a list and nothing else (bench/xs_floor.c), timed
# beside both tools' lists at scale: what any list that reads each name
# costs.
for f in /usr/local/libexec/xenkit/bench/xk-xs-floor \
         /usr/libexec/xenkit/bench/xk-xs-floor; do
    [ -x "$f" ] && { xl[floor]=$f; break; }
done
case " ${BENCH_TOOLS:-debian ours} " in *" ours "*) ;; *) tools=(debian) ;; esac
# Which xenstored serves (the lab's LAB_XENSTORED): costs differ.
emit "{\"phase\":\"setup\",\"xenstored\":\"${LAB_XENSTORED:-unknown}\",\"tools\":\"${tools[*]}\",\"floor\":$(json_str "${xl[floor]:-}"),\"timer\":$(json_str "${timer:-bash fork}"),\"ours_note\":$(json_str "$ours_note"),\"kernel\":$(json_str "$kernel"),\"kernel_bytes\":$(stat -c %s "$kernel"),\"guest_mem_mib\":$gmem,\"rounds\":$rounds,\"warmup\":$warmup,\"xen\":$(json_str "$("${xl[debian]}" info 2>/dev/null | sed -n 's/^xen_version *: //p')"),\"dom0_mem_kib\":$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo),\"free_mem_mib\":$("${xl[debian]}" info 2>/dev/null | sed -n 's/^free_memory *: //p')}"
echo "bench: tools: ${tools[*]}${ours_note:+ (ours: $ours_note)}" >&2

# The other order every other round, so neither tool always goes first.
order() { # order ROUND: the tools for this round
    if [ $(( $1 % 2 )) -eq 0 ] || [ ${#tools[@]} -eq 1 ]; then
        echo "${tools[@]}"
    else
        local i r=()
        for (( i = ${#tools[@]} - 1; i >= 0; i-- )); do r+=("${tools[$i]}"); done
        echo "${r[@]}"
    fi
}

# Warm up: the first creations after dom0 boots are several times slower.
echo "bench: warm-up, $warmup creations" >&2
for (( i = 0; i < warmup; i++ )); do
    for tool in $(order $i); do
        name=bench-warm-$tool-$i
        measure warmup $tool create $i create -p "$(config $name)" &&
            measure warmup $tool destroy $i destroy $name
        "${xl[debian]}" destroy $name >/dev/null 2>&1
    done
done

# Single-domain operations, alternating tools: create -p, list, unpause,
# destroy, each tool on its own domain.
echo "bench: $rounds rounds of create -p, list, unpause, destroy" >&2
for (( r = 0; r < rounds; r++ )); do
    for tool in $(order $r); do
        name=bench-op-$tool-$r
        if measure ops $tool create $r create -p "$(config $name)"; then
            measure ops $tool list $r list
            measure ops $tool unpause $r unpause $name
            measure ops $tool destroy $r destroy $name
        fi
        "${xl[debian]}" destroy $name >/dev/null 2>&1
    done
done

# Scale: each tool in turn fills the host with its own running domains, up
# to $domains (creation timed against the number running), then every tool
# lists them, then that tool destroys them all. BENCH_SCALE=mixed has the
# tools take turns filling one host instead.
over() { # over PERCENT: more than PERCENT of the time budget is gone
    [ "$budget" -gt 0 ] && [ $(( SECONDS * 100 )) -gt $(( budget * $1 )) ]
}
# settle TOOL: before a scale run, lets Xen finish scrubbing the memory
# the previous run's domains freed (it does so while idle, and a creation
# that comes meanwhile waits for it: the first creations of the second
# tool took up to 1.7 times the later ones), then warms the tool up again.
settle() {
    local i name
    sleep "$settle_secs"
    for (( i = 0; i < 3; i++ )); do
        name=bench-settle-$1-$i
        "${xl[$1]}" create -p "$(config $name)" >/dev/null 2>&1
        "${xl[$1]}" destroy $name >/dev/null 2>&1 ||
            "${xl[debian]}" destroy $name >/dev/null 2>&1
    done
}
scale_run() { # scale_run OWNER: OWNER's domains (or "mixed": turns)
    local owner=$1 k r tool up
    [ "$owner" = mixed ] && settle debian || settle "$owner"
    echo "bench: creating $domains running domains ($owner)" >&2
    for (( k = 1; k <= domains; k++ )); do
        if over 75; then
            echo "bench: time budget: stopping at $((k - 1)) domains" >&2
            break
        fi
        if [ "$owner" = mixed ]; then set -- $(order $k); tool=$1; else tool=$owner; fi
        if ! measure scale $tool create $k create "$(config bench-n$k)"; then
            echo "bench: creation $k failed; stopping the scale run" >&2
            "${xl[debian]}" destroy bench-n$k >/dev/null 2>&1
            break
        fi
    done
    up=$(ndomains)
    emit "{\"phase\":\"scale-info\",\"owner\":\"$owner\",\"domains\":$up,\"free_mem_mib\":$("${xl[debian]}" info 2>/dev/null | sed -n 's/^free_memory *: //p'),\"dom0_free_kib\":$(sed -n 's/^MemAvailable: *\([0-9]*\).*/\1/p' /proc/meminfo)}"
    echo "bench: $up domains up; list, $rounds rounds" >&2
    for (( r = 0; r < rounds; r++ )); do
        for tool in $(order $r); do
            timed $tool list
            emit "{\"phase\":\"at-scale\",\"owner\":\"$owner\",\"tool\":\"$tool\",\"op\":\"list\",\"n\":$up,\"secs\":$T,\"rc\":$?}"
        done
        if [ -n "${xl[floor]:-}" ]; then
            timed floor
            emit "{\"phase\":\"at-scale\",\"owner\":\"$owner\",\"tool\":\"floor\",\"op\":\"list\",\"n\":$up,\"secs\":$T,\"rc\":$?}"
        fi
    done
    # The same create -p as the single-domain rounds, now with the host
    # full: the growth of one creation on its own, where the scale run's
    # creations each start while the last one's guest boots and the
    # daemons (xenconsoled, xenstored) take it in.
    if [ "$owner" != mixed ] && ! over 90; then
        echo "bench: create -p with $up domains up, $rounds rounds" >&2
        for (( r = 0; r < rounds; r++ )); do
            name=bench-full-$owner-$r
            measure at-scale-create $owner create $up create -p "$(config $name)"
            "${xl[$owner]}" destroy $name >/dev/null 2>&1 ||
                "${xl[debian]}" destroy $name >/dev/null 2>&1
        done
    fi
    echo "bench: destroying" >&2
    for (( k = domains; k >= 1; k-- )); do
        if over 100; then
            echo "bench: time budget: leaving the rest to the lab's poweroff" >&2
            break
        fi
        if [ "$owner" = mixed ]; then set -- $(order $k); tool=$1; else tool=$owner; fi
        "${xl[debian]}" domid bench-n$k >/dev/null 2>&1 || continue
        measure teardown $tool destroy $k destroy bench-n$k ||
            "${xl[debian]}" destroy bench-n$k >/dev/null 2>&1
    done
}
if [ "${BENCH_SCALE:-own}" = mixed ]; then
    scale_run mixed
else
    for tool in "${tools[@]}"; do scale_run $tool; done
fi
left=$(ndomains)
emit "{\"phase\":\"end\",\"domains_left\":$left,\"secs_total\":$SECONDS}"
echo "bench: done, $left domains left" >&2
[ -s "$errlog" ] && cp "$errlog" "$(dirname "$out")/bench-errors.log" 2>/dev/null
exit 0
