# control-shutdown.sh: xl shutdown/reboot/console on a PV guest created by
# Debian's xl (interoperability, issue 4): messages and exit statuses as
# Debian's xl, reboot brings the guest back (Debian's own monitor restarts
# it) with a new domid, shutdown -w ends it, console attach sees the
# guest's output and Ctrl-] detaches with status 0.
# lab-timeout: 420
D=$XL_DEBIAN
name=ctl
guest_cfg g.cfg $name 128

# same_as_debian NAME ARGS...: our xl and Debian's exit alike and end their
# stderr with the same line (the lines before may carry library detail).
same_as_debian() {
    local what=$1
    shift
    xl "$@" >ours.out 2>ours.err
    local ours=$?
    "$D" "$@" >theirs.out 2>theirs.err
    local theirs=$?
    check_eq "$what: exit status as Debian's xl ($theirs)" "$theirs" "$ours"
    check_eq "$what: last message as Debian's xl" \
        "$(grep -v '^libxl: ' theirs.err | tail -1)" "$(tail -1 ours.err)"
}

check "Debian's xl creates the guest" $D create g.cfg || exit 1
domid=$($D domid $name)
check "the guest boots ($GUEST_MARKER)" wait_for_console $name "$GUEST_MARKER" 120

# ---- errors ----
same_as_debian "shutdown of an unknown name" shutdown nosuchdomain
check "it says the name is invalid" grep -qx 'nosuchdomain is an invalid domain identifier (rc=-6)' ours.err
same_as_debian "reboot of an unknown name" reboot nosuchdomain
same_as_debian "shutdown of an unknown domid" shutdown 4242
check "it says shutdown failed (rc=-3)" grep -qx 'shutdown failed (rc=-3)' ours.err
same_as_debian "shutdown without a domain" shutdown
check "it asks for -a or a domain" grep -qx 'You must specify -a or a domain id.' ours.err
same_as_debian "shutdown with a bad option" shutdown -Z $name
same_as_debian "console of an unknown name" console nosuchdomain
same_as_debian "console with a bad type" console -t bogus $name
check "it lists the console types" grep -qx 'console type supported are: pv, serial, vuart' ours.err

# ---- console: guest output comes through, Ctrl-] detaches with 0 ----
# (the guest runs a shell on hvc0; the answer 42 is only in its output)
( sleep 3; printf 'echo MARK-$((6*7))\n'; sleep 5; printf '\035' ) |
    timeout 60 xl console $name >con.out 2>con.err
rc=$?
check_eq "console: Ctrl-] detaches with status 0" 0 $rc
check "console: the guest's answer comes through" grep -qa 'MARK-42' con.out
[ $rc -eq 0 ] || { diag "console stderr:"; diag - <con.err; }
( sleep 3; printf '\035' ) | timeout 60 xl console -t pv -n 0 $name >con2.out 2>&1
check_eq "console -t pv -n 0: detaches with 0" 0 $?

# ---- reboot: Debian's monitor restarts it under the same name ----
# xenconsoled starts the log afresh for the new domain: keep the old apart.
mv "$(console_log $name)" first-boot.log
xl reboot -w $name 2>reboot.err
check_eq "xl reboot -w exits 0" 0 $?
check "reboot says Rebooting domain $domid" grep -qx "Rebooting domain $domid" reboot.err
check "reboot -w waits for 1 domain" grep -qx "Waiting for 1 domains" reboot.err
check "reboot -w sees it shut down (reason 1) or destroyed" \
    grep -qxE "Domain $domid has been (shut down, reason code 1|destroyed)" reboot.err
diag - <reboot.err
new=
for i in $(seq 1 300); do
    new=$($D domid $name 2>/dev/null)
    [ -n "$new" ] && [ "$new" != "$domid" ] && break
    sleep 0.2
done
check "the rebooted guest has the same name and a new domid ($domid -> $new)" \
    test -n "$new" -a "$new" != "$domid"
check "the first boot logged the reboot request" grep -qa 'guest: reboot' first-boot.log
check "the rebooted guest boots again ($GUEST_MARKER)" wait_for_console $name "$GUEST_MARKER" 120

# ---- shutdown -w: the guest powers off and is gone ----
xl shutdown -w $name 2>shutdown.err
check_eq "xl shutdown -w exits 0" 0 $?
check "shutdown says Shutting down domain $new" grep -qx "Shutting down domain $new" shutdown.err
check "shutdown -w sees it shut down (reason 0) or destroyed" \
    grep -qxE "Domain $new has been (shut down, reason code 0|destroyed)" shutdown.err
diag - <shutdown.err
check "the domain is gone from the hypervisor" wait_gone "$new" 30
check "the guest logged its poweroff" grep -qa 'guest: poweroff' "$(console_log $name)"

# ---- -ww waits for the domain to be gone, not just shut down ----
guest_cfg w.cfg ctlw 128
check "Debian's xl creates a second guest" $D create w.cfg
w=$($D domid ctlw)
wait_for_console ctlw "$GUEST_MARKER" 120
xl shutdown -w -w ctlw 2>ww.err
check_eq "xl shutdown -ww exits 0" 0 $?
check "-ww: the domain is gone when it returns" sh -c "! $D list $w >/dev/null 2>&1"
check "-ww says it has been destroyed" grep -qx "Domain $w has been destroyed" ww.err
diag - <ww.err

