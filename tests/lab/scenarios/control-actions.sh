# control-actions.sh: the on_* actions beyond restart/destroy/preserve
# (issue 4): on_reboot="rename-restart" keeps the old domain under
# NAME-<date> and starts a new one as NAME; on_crash="coredump-destroy"
# writes the guest's core to /var/lib/xen/dump/NAME and destroys it.
# lab-timeout: 900
D=$XL_DEBIAN
MLOG=/var/log/xen/xenkit-monitord.log
show_log() { [ -f $MLOG ] && tail -12 $MLOG | diag -; }
step() { diag "$(date +%T) $*"; }
# gone_within DOMID SECONDS: wall-clock bounded (xl list is slow under load).
gone_within() {
    local end=$((SECONDS + $2))
    while domain_exists "$1"; do
        [ $SECONDS -ge $end ] && return 1
        sleep 1
    done
}
# Whatever happens, leave the monitor's log for the host ($LAB_OUT).
trap 'cp $MLOG "$LAB_OUT_DIR/" 2>/dev/null' EXIT

# ---- rename-restart on reboot ----
guest_cfg n.cfg rn 128 'on_reboot = "rename-restart"'
step "create rn"
check "our xl creates a guest with on_reboot=rename-restart" timeout 300 xl create n.cfg || exit 1
n1=$(xl domid rn)
check "it boots" wait_for_console rn "$GUEST_MARKER" 120
mv "$(console_log rn)" rn-first.log
step "reboot rn"
check "xl reboot asks it to reboot" timeout 120 xl reboot rn
n2=
end=$((SECONDS + 240))
while [ $SECONDS -lt $end ]; do
    n2=$(xl domid rn 2>/dev/null)
    [ -n "$n2" ] && [ "$n2" != "$n1" ] && break
    sleep 1
done
check "a new domain runs as rn ($n1 -> $n2)" test -n "$n2" -a "$n2" != "$n1" || show_log
old=$(xenstore-read /local/domain/$n1/name 2>/dev/null)
check "the old domain is kept, renamed rn-<date> ($old)" \
    sh -c "echo '$old' | grep -qE '^rn-[0-9]{8}T[0-9]{4}Z\$'"
check "Debian's xl lists the renamed domain" sh -c "$D list | grep -q '^$old '"
check "the old and new domains have different UUIDs" \
    test "$(xenstore-read /local/domain/$n1/vm)" != "$(xenstore-read /local/domain/$n2/vm)"
check "the new one boots" wait_for_console rn "$GUEST_MARKER" 120

# ---- coredump-destroy on a crash ----
# xen_legacy_crash: a PV Linux guest that panics tells Xen it crashed at
# once (else it sits in its panic loop for ever).
guest_cfg c.cfg cc 128 'on_crash = "coredump-destroy"'
sed -i 's/^extra = .*/extra = "console=hvc0 xen_legacy_crash"/' c.cfg
step "create cc"
check "our xl creates a guest with on_crash=coredump-destroy" timeout 300 xl create c.cfg || exit 1
c1=$(xl domid cc)
check "it boots" wait_for_console cc "$GUEST_MARKER" 120
step "crash cc"
# Crash it from its own shell on the console.
( sleep 3; printf 'echo c >/proc/sysrq-trigger\n'; sleep 5; printf '\035' ) |
    timeout 60 xl console cc >crash.out 2>&1
step "wait for cc to go"
check "the crashed domain is destroyed by the monitor" gone_within "$c1" 240 || {
    show_log; $D list | diag -; grep -a -i -A3 panic "$(console_log cc)" | tail -5 | diag -; }
check "its core was dumped to /var/lib/xen/dump/cc" test -s /var/lib/xen/dump/cc
check "the core is an ELF file" sh -c "head -c 4 /var/lib/xen/dump/cc | grep -q ELF"
check "the monitor saw a crash (reason code 3)" grep -q 'Domain [0-9]* has shut down, reason code 3' $MLOG
rm -f /var/lib/xen/dump/cc

show_log
