# tests/lab/lib.sh: helpers for lab scenarios (sourced by tests/lab/driver
# before each scenario). Every check prints one TAP line,
# "ok - SCENARIO: NAME" or "not ok - SCENARIO: NAME", followed on failure by
# "# ..." diagnostic lines. SCENARIO is the scenario's file name without .sh.
# Runs in dom0 (bash), where lab/run set XL_DEBIAN, LAB_KERNEL,
# LAB_GUEST_INITRD and LAB_CONSOLE_DIR.

: "${SCENARIO:=${0##*/}}"
SCENARIO=${SCENARIO%.sh}
LAB_FAILS=0
GUEST_MARKER=XENKIT-GUEST-UP

_ok() { echo "ok - $SCENARIO: $*"; }
_not_ok() { echo "not ok - $SCENARIO: $*"; LAB_FAILS=$((LAB_FAILS + 1)); }
# diag TEXT...: a diagnostic line (also reads stdin when given "-").
diag() {
    if [ "$*" = - ]; then sed 's/^/# /'; else echo "# $*"; fi
}

# check NAME CMD [ARG...]: ok when CMD exits 0; on failure shows its output
# and exit status.
check() {
    local name=$1 out rc
    shift
    out=$("$@" 2>&1)
    rc=$?
    if [ $rc -eq 0 ]; then
        _ok "$name"
    else
        _not_ok "$name"
        diag "command: $*"
        diag "exit status: $rc"
        [ -n "$out" ] && printf '%s\n' "$out" | tail -20 | diag -
    fi
    return $rc
}

# check_fails NAME CMD [ARG...]: ok when CMD exits non-zero.
check_fails() {
    local name=$1 out rc
    shift
    out=$("$@" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        _ok "$name"
        return 0
    fi
    _not_ok "$name"
    diag "command: $* (expected to fail, exited 0)"
    [ -n "$out" ] && printf '%s\n' "$out" | tail -20 | diag -
    return 1
}

# check_eq NAME EXPECTED ACTUAL: ok when the two strings are equal.
check_eq() {
    if [ "$2" = "$3" ]; then
        _ok "$1"
        return 0
    fi
    _not_ok "$1"
    diag "expected:"; printf '%s\n' "$2" | diag -
    diag "actual:"; printf '%s\n' "$3" | diag -
    return 1
}

# check_same NAME EXPECTED_FILE ACTUAL_FILE: ok when the files are equal;
# shows a unified diff otherwise.
check_same() {
    if cmp -s "$2" "$3"; then
        _ok "$1"
        return 0
    fi
    _not_ok "$1"
    diff -u "$2" "$3" | head -40 | diag -
    return 1
}

# skip NAME REASON: a case that cannot run here (counts as ok).
skip() { echo "ok - $SCENARIO: $1 # SKIP $2"; }

# guest_cfg FILE NAME [MEMORY_MIB] [EXTRA_LINE...]: writes a PV config for the
# lab's busybox guest ($LAB_KERNEL + $LAB_GUEST_INITRD).
guest_cfg() {
    local file=$1 name=$2 mem=${3:-128}
    shift 3 2>/dev/null || shift $#
    {
        echo "name = \"$name\""
        echo 'type = "pv"'
        echo "kernel = \"$LAB_KERNEL\""
        echo "ramdisk = \"$LAB_GUEST_INITRD\""
        echo 'extra = "console=hvc0"'
        echo "memory = $mem"
        echo 'vcpus = 1'
        local l
        for l in "$@"; do echo "$l"; done
    } >"$file"
}

# console_log NAME: path of xenconsoled's log of guest NAME.
console_log() { echo "$LAB_CONSOLE_DIR/guest-$1.log"; }

# wait_for_console NAME|DOMID STRING [TIMEOUT_S]: waits (default 120 s) until
# STRING (a fixed string) is in the guest's console log.
wait_for_console() {
    local name=$1 str=$2 t=${3:-120} i=0
    case $name in
        *[!0-9]*) ;;
        *) name=$(xenstore-read "/local/domain/$name/name" 2>/dev/null) || return 1 ;;
    esac
    while [ $i -lt $((t * 5)) ]; do
        grep -qaF -- "$str" "$(console_log "$name")" 2>/dev/null && return 0
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}

# domain_exists DOMID|NAME: the hypervisor still knows the domain. Give a
# domid to check that a destroyed domain is gone: a name is looked up in
# xenstore, whose entries go before the hypervisor lets the domain go.
domain_exists() { "$XL_DEBIAN" list "$1" >/dev/null 2>&1; }

# settle SECONDS CMD...: retries CMD every 0.1 s until it succeeds; 1 if
# it still fails after SECONDS.
settle() {
    local t=$1 i=0
    shift
    until "$@"; do
        [ $i -ge $((t * 10)) ] && return 1
        sleep 0.1; i=$((i + 1))
    done
}

# wait_gone DOMID [TIMEOUT_S]: waits (default 30 s) until DOMID is gone.
wait_gone() {
    local i=0 t=${2:-30}
    while domain_exists "$1"; do
        [ $i -ge $((t * 5)) ] && return 1
        sleep 0.2
        i=$((i + 1))
    done
}

# guest_domids: domids of every domain but dom0, one per line.
# record_field DOMID KEY: a field of xenkit-monitord's record of the domain
# (on_reboot, config-length...); record_text DOMID: the config text it keeps
# (in the record, or in chunks beside it when too big).
record_field() {
    xenstore-read -R /libxl/$1/xenkit/record 2>/dev/null | head -n 1 |
        tr ' ' '\n' | sed -n "s/^$2=//p"
}
record_text() {
    local c
    if [ -n "$(xenstore-list /libxl/$1/xenkit/config 2>/dev/null)" ]; then
        for c in $(xenstore-list /libxl/$1/xenkit/config | sort -n); do
            xenstore-read -R /libxl/$1/xenkit/config/$c
        done
    else
        xenstore-read -R /libxl/$1/xenkit/record 2>/dev/null | tail -n +2
    fi
}
guest_domids() { "$XL_DEBIAN" list 2>/dev/null | awk 'NR > 1 && $2 != 0 {print $2}'; }

# destroy_all_guests: destroys every domain but dom0 (the driver calls it
# after each scenario; scenarios may call it too).
destroy_all_guests() {
    local d
    for d in $(guest_domids); do
        "$XL_DEBIAN" destroy "$d" >/dev/null 2>&1 || xl destroy "$d" >/dev/null 2>&1
    done
    for d in $(guest_domids); do wait_gone "$d" 10; done
}

# same_as_debian NAME FILTER ARGS...: runs ARGS with Debian's xl and with
# ours; ok when their stdout (piped through FILTER, e.g. cat or
# mask_cpu_time, to hide what ticks), stderr and exit status agree. Debian's
# xl runs just before and just after ours, and ours must match one of those
# two runs: a domain's state may flip between calls (running, blocked). On a
# mismatch it tries again, up to 5 times, 1 s apart.
same_as_debian() {
    local name=$1 filter=$2 dir try p f ok=0 d
    shift 2
    dir=$(mktemp -d)
    for try in 1 2 3 4 5; do
        for p in d1 o d2; do
            if [ $p = o ]; then xl "$@"; else "$XL_DEBIAN" "$@"; fi \
                >"$dir/$p.raw" 2>"$dir/$p.err"
            echo $? >"$dir/$p.rc"
            $filter <"$dir/$p.raw" >"$dir/$p.out"
        done
        for d in d1 d2; do
            ok=1
            for f in out err rc; do cmp -s "$dir/$d.$f" "$dir/o.$f" || ok=0; done
            [ $ok = 1 ] && break 2
        done
        sleep 1
    done
    if [ $ok = 1 ]; then
        _ok "$name (exit $(cat "$dir/o.rc"))"
    else
        _not_ok "$name"
        diag "exit status: Debian $(cat "$dir/d2.rc"), ours $(cat "$dir/o.rc")"
        diff -u "$dir/d2.out" "$dir/o.out" | head -30 | diag -
        diff -u "$dir/d2.err" "$dir/o.err" | head -10 | diag -
    fi
    rm -rf "$dir"
    [ $ok = 1 ]
}

# mask_cpu_time: replaces xl list's Time(s) column (after the six state
# letters) with TIME; a filter for same_as_debian.
mask_cpu_time() { sed -E 's/([-rbpscwSd?]{6})  +[0-9]+\.[0-9]/\1 TIME/'; }
