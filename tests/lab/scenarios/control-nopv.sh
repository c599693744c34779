# control-nopv.sh: xl shutdown/reboot of an HVM guest without PV drivers
# (an empty, never-run HVM domain): refused without -F with Debian's xl's
# messages and exit status; with -F the ACPI button event is sent.
D=$XL_DEBIAN
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

# ---- an HVM guest without PV drivers: refused without -F, button with -F ----
HVM=/usr/local/libexec/xenkit/lab/xk-hvm-shell
if h=$($HVM ctlhvm 2>hvm.err); then
    same_as_debian "shutdown of an HVM guest without PV drivers" shutdown ctlhvm
    check "it says graceful shutdown is not possible" grep -qx \
        'PV control interface not available: external graceful shutdown not possible.' ours.err
    check "it suggests -F" grep -qx 'Use "-F" to fallback to ACPI power event.' ours.err
    check "it fails with rc=-10" grep -qx 'shutdown failed (rc=-10)' ours.err
    same_as_debian "reboot of an HVM guest without PV drivers" reboot ctlhvm
    check "reboot suggests -F for the reset event" grep -qx 'Use "-F" to fallback to ACPI reset event.' ours.err
    same_as_debian "shutdown -F of an HVM guest without PV drivers" shutdown -F ctlhvm
    check "-F sends the ACPI power button" grep -qx \
        'PV control interface not available: sending ACPI power button event.' ours.err
    same_as_debian "reboot -F of an HVM guest without PV drivers" reboot -F ctlhvm
    same_as_debian "shutdown -a stops at the guest it cannot shut down" shutdown -a
    diag "Debian's xl said:"; diag - <theirs.err
    diag "ours said:"; diag - <ours.err
    $D destroy "$h"
else
    # Without nested paging in the (emulated) CPU and without shadow paging
    # in Debian's Xen, this host cannot have HVM domains at all.
    skip "HVM guest without PV drivers" "no HVM domain possible here: $(cat hvm.err)"
fi
