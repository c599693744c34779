# guest-debian-xl.sh: the lab itself works (issue 2.6b): a PV guest created
# by Debian's xl from $LAB_KERNEL + $LAB_GUEST_INITRD prints its boot marker
# in xenconsoled's log, shows in `xl list` and is gone from the hypervisor
# after `xl destroy`.
D=$XL_DEBIAN
name=labguest
guest_cfg g.cfg $name 128

check "Debian's xl creates the guest" $D create g.cfg || exit 1
domid=$($D domid $name)
check "the guest has a domid" test -n "$domid"
check "the guest prints $GUEST_MARKER on its console within 120 s" \
    wait_for_console $name "$GUEST_MARKER" 120
# The guest prints its "guest: kernel" line after the marker: wait for it.
check "xenconsoled logs the console to \$LAB_CONSOLE_DIR/guest-$name.log" \
    wait_for_console $name 'guest: kernel' 30
check "Debian's xl list shows the guest" sh -c "$D list | awk '\$1 == \"$name\" && \$2 == \"$domid\" {f=1} END {exit !f}'"
check "Debian's xl destroys it" $D destroy $name
check "the domain is gone from the hypervisor within 30 s" wait_gone "$domid" 30
check_fails "xl list no longer finds the name" $D list $name
check "no xenstore home is left for it" sh -c "! xenstore-read /local/domain/$domid/name 2>/dev/null"
