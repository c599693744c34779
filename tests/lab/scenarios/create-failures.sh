# create-failures: every way `xl create` can fail leaves no domain and no
# xenstore node, says which option (file:line) or step is to blame, and
# exits as xl does; a create killed part-way is cleaned up by the next
# xenkit command.
# lab-timeout: 600

snapshot() { # what must not change: domains and the whole store
    { "$XL_DEBIAN" list | awk 'NR > 1 {print $1, $2}'
      # dom0's own nodes change by themselves; its backend area must not
      xenstore-ls -f | awk '!/^\/local\/domain\/0\// || /^\/local\/domain\/0\/backend/' ; } >"$1"
}

# fails NAME CFG EXIT PATTERN [ARGS...]: xl create CFG fails with EXIT, its
# message matches PATTERN, and nothing changed.
fails() {
    local name=$1 cfg=$2 want=$3 pat=$4 rc
    shift 4
    snapshot before
    xl create "$cfg" "$@" >out 2>&1
    rc=$?
    check_eq "$name: exit status" "$want" "$rc"
    if grep -qE -- "$pat" out; then _ok "$name: message"
    else _not_ok "$name: message"; diag "wanted /$pat/"; diag - <out; fi
    snapshot after
    check_same "$name: nothing left" before after
}

# bad_cfg FILE KEY LINE: the lab guest's config with KEY's line replaced
# by LINE (as its 8th line: xenkit's parser refuses a second setting).
bad_cfg() {
    guest_cfg "$1" xkfail 128
    grep -v "^$2 *=" "$1" >"$1.tmp"
    echo "$3" >>"$1.tmp"
    mv "$1.tmp" "$1"
}

# Warm-up: a good create makes the store's shared directories exist.
guest_cfg good.cfg xkfail 128
xl create -p good.cfg >/dev/null 2>&1 && xl destroy xkfail

bad_cfg nokernel.cfg kernel 'kernel = "/nonexistent/vmlinuz"'
fails "missing kernel" nokernel.cfg 3 \
    'nokernel\.cfg:7:1: kernel: cannot open "/nonexistent/vmlinuz": No such file'
fails "missing kernel given on the command line" good.cfg 3 \
    'command line:1:[0-9]+: kernel: cannot open "/nonexistent/vmlinuz"' \
    'kernel="/nonexistent/vmlinuz"'

bad_cfg noramdisk.cfg ramdisk 'ramdisk = "/nonexistent/initrd"'
fails "missing ramdisk" noramdisk.cfg 3 'noramdisk\.cfg:7:1: ramdisk: cannot open'

guest_cfg bigmem.cfg xkfail 100000
fails "too much memory" bigmem.cfg 3 \
    'bigmem\.cfg:6:[0-9]+: memory: the domain needs 100000 MiB but the host has only [0-9]+ MiB free'

bad_cfg notelf.cfg kernel 'kernel = "/etc/passwd"'
fails "kernel that is not a kernel (fails after the domain exists)" notelf.cfg 3 \
    'building the domain: parsing the kernel image /etc/passwd'

printf 'name = "xkfail"\nmemory = 128\nkernel = \n' >syntax.cfg
fails "syntax error" syntax.cfg 1 'syntax\.cfg:3:'

fails "bad KEY=VALUE override" good.cfg 1 'memory' 'memory=lots'

bad_cfg hvm.cfg type 'type = "hvm"'
fails "HVM is refused, naming the option" hvm.cfg 3 'hvm\.cfg:7:1: type: .*not supported'

fails "missing config file" /nonexistent.cfg 3 'nonexistent\.cfg'

guest_cfg dup.cfg xkdup 128
xl create -p dup.cfg >/dev/null 2>&1
fails "duplicate name (ours)" dup.cfg 3 'dup\.cfg:1:[0-9]+: name: domain with name "xkdup" already exists'
xl destroy xkdup
"$XL_DEBIAN" create -p dup.cfg >/dev/null 2>&1
fails "duplicate name (Debian's domain)" dup.cfg 3 'already exists'
"$XL_DEBIAN" destroy xkdup

# Killed part-way: whatever state the kill caught, the next xenkit command
# leaves either a whole domain or nothing.
guest_cfg kill.cfg xkkill 128
for run in KILL:0.3 KILL:1 KILL:3 TERM:1; do
    sig=${run%:*} delay=${run#*:}
    xl create -p kill.cfg >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -$sig $pid 2>/dev/null
    wait $pid 2>/dev/null
    xl destroy 4000 >/dev/null 2>&1   # any xenkit destroy reaps
    half=""
    for d in $(guest_domids); do
        xenstore-read /local/domain/$d/name >/dev/null 2>&1 || half="$half $d"
    done
    pend=$(xenstore-list /xenkit/creating 2>/dev/null)
    check_eq "SIG$sig after ${delay}s: no half-built domain" ":" "$half:$pend"
    if xl domid xkkill >/dev/null 2>&1; then
        # Too late to stop it: then the domain must be whole.
        check "SIG$sig after ${delay}s: the domain is whole" \
            xenstore-read /local/domain/$(xl domid xkkill)/console/ring-ref
    fi
    xl destroy xkkill >/dev/null 2>&1
    stray=$(xenstore-ls -f | grep -c xkkill)
    check_eq "SIG$sig after ${delay}s: nothing of it after destroy" 0 "$stray"
done

# The same at 30 moments 3 ms apart through a create of the tiny guest
# (about 80 ms), so that kills land in each of its steps, the name's
# commit among them (it goes while the home's last writes are still out,
# and the pending record stays until they are in): each time, after the
# next xenkit command, the domain is either whole (named, its console
# ring in xenstore, nothing pending) or gone.
printf 'name = "xkkill"\ntype = "pv"\nkernel = "%s"\nmemory = 8\n' \
    /usr/local/share/xenkit/guests/tinypv >killtiny.cfg
bad="" whole=0 gone=0
for ms in $(seq 0 3 87); do
    xl create -p killtiny.cfg >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '0.%03d' "$ms")"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    xl destroy 4000 >/dev/null 2>&1   # any xenkit destroy reaps
    for d in $(guest_domids); do
        n=$(xenstore-read /local/domain/$d/name 2>/dev/null)
        if [ "$n" = xkkill ] &&
           xenstore-read /local/domain/$d/console/ring-ref >/dev/null 2>&1; then
            whole=$((whole + 1))
        else
            bad="$bad ${ms}ms:dom$d:'$n'"
        fi
    done
    [ -z "$(guest_domids)" ] && gone=$((gone + 1))
    [ -n "$(xenstore-list /xenkit/creating 2>/dev/null)" ] && bad="$bad ${ms}ms:pending"
    "$XL_DEBIAN" destroy xkkill >/dev/null 2>&1
done
diag "killed 30 times: $whole whole, $gone gone"
check_eq "SIGKILL at 30 moments of a create: whole or gone each time" "" "$bad"
check "  some kills came before the domain was whole, some after" \
    test "$whole" -gt 0 -a "$gone" -gt 0

# `xl list` reaps too: a create killed while its hotplug script runs (the
# domain built, its home written, the create still recorded as pending) is
# a half-built domain that `xl list` must not show; Debian's xl then finds
# no such domain either.
cat >slow-vif <<EOF2
#!/bin/sh
[ "\$1" = online ] || exit 0
echo \$\$ >"$PWD/slow.pid"
exec sleep 120
EOF2
chmod +x slow-vif
printf 'name = "xkhalf"\ntype = "pv"\nkernel = "%s"\nmemory = 8\nvif = [ "script=%s" ]\n' \
    /usr/local/share/xenkit/guests/tinypv "$PWD/slow-vif" >half.cfg
rm -f slow.pid
xl create -p half.cfg >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 300); do [ -s slow.pid ] && break; sleep 0.2; done
check "a create stuck in its vif script" test -s slow.pid
hd=$("$XL_DEBIAN" domid xkhalf 2>/dev/null)
pend=$(xenstore-list /xenkit/creating 2>/dev/null)
check "while it is stuck the domain ($hd) exists and the create is pending" \
    test -n "$hd" -a -n "$pend"
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
kill "$(cat slow.pid)" 2>/dev/null
xl list >list.out 2>list.err
check_eq "xl list after the SIGKILL: exit status 0" 0 $?
check "xl list does not show the half-built domain" sh -c '! grep -q xkhalf list.out'
check_eq "xl list leaves no pending create" "" "$(xenstore-list /xenkit/creating 2>/dev/null)"
if [ -n "$hd" ]; then
    check "the half-built domain $hd is gone for Debian's xl too" wait_gone "$hd" 30
fi
check_eq "nothing of it is left in xenstore" 0 "$(xenstore-ls -f | grep -c xkhalf)"
check_eq "no vif of it is left" "" "$(ls /sys/class/net | grep "^vif$hd\.")"
# With nothing pending, xl list reads /xenkit/creating and nothing more of
# it: its output is Debian's.
same_as_debian "xl list with nothing pending is Debian's list" mask_cpu_time list
