# devices-lifecycle.sh: disks and a NIC from the config of a guest our xl
# creates: the guest reads known content from one disk, writes the other
# (dom0 reads it back) and pings dom0 over xenbr0; destroy, shutdown and a
# failed create leave no loop device, vif, bridge port or backend node.
# (devices-cycles.sh: 20 cycles and a misbehaving guest.)
# lab-timeout: 1200
W=$SCENARIO_DIR
G=devlc

gsh() { printf '%s\n' "$1" >"$(xenstore-read "/local/domain/$domid/console/tty")"; }
# Nothing of any guest's devices is left in dom0 (one guest at a time here).
no_leftovers() {
    [ -z "$(xenstore-list /local/domain/0/backend/vbd 2>/dev/null)" ] &&
    [ -z "$(xenstore-list /local/domain/0/backend/vif 2>/dev/null)" ] &&
    ! cat /sys/block/loop*/loop/backing_file 2>/dev/null | grep -q . &&
    ! ls /sys/class/net | grep -q '^vif' &&
    [ -z "$(ls /sys/class/net/xenbr0/brif 2>/dev/null)" ]
}
leftovers() {
    echo "backend vbd: $(xenstore-list /local/domain/0/backend/vbd 2>/dev/null | tr '\n' ' ')"
    echo "backend vif: $(xenstore-list /local/domain/0/backend/vif 2>/dev/null | tr '\n' ' ')"
    echo "loops: $(cat /sys/block/loop*/loop/backing_file 2>/dev/null | tr '\n' ' ')"
    echo "links: $(ls /sys/class/net | tr '\n' ' ')"
}

if xl create --help 2>&1 | grep -q 'not implemented'; then
    skip "guest with disks and a NIC from its config" "xl create is not implemented yet"
    exit 0
fi

ip link add xenbr0 type bridge 2>/dev/null
ip addr add 10.99.0.1/24 dev xenbr0 2>/dev/null
ip link set xenbr0 up
printf 'KNOWN-CONTENT-7777\n' >"$W/ro.img"
truncate -s 4M "$W/ro.img" "$W/rw.img"

guest_cfg "$W/g.cfg" $G 128 \
    "disk = [ 'file:$W/ro.img,xvda,r', 'format=raw,vdev=xvdb,access=rw,target=$W/rw.img' ]" \
    "vif = [ 'bridge=xenbr0' ]"
check "our xl creates a guest with two disks and a NIC" xl create "$W/g.cfg" || exit 1
domid=$(xl domid $G)
check "the guest boots" wait_for_console $G "$GUEST_MARKER" 120 || exit 1
gsh 'echo NDISKS=$(ls /sys/block | grep -c xvd) NNICS=$(ls /sys/class/net | grep -c eth)'
check "the guest sees both disks and the NIC" wait_for_console $G "NDISKS=2 NNICS=1" 30
gsh 'head -c 18 /dev/xvda; echo'
check "the guest reads the first disk's known content" \
    wait_for_console $G KNOWN-CONTENT-7777 30
gsh 'echo CFG-WROTE-$((6*7))-OK >/dev/xvdb && sync && echo CFGW-$((1+1))-DONE'
check "the guest writes the second disk" wait_for_console $G CFGW-2-DONE 30
check "dom0 reads back what the guest wrote" \
    sh -c "head -c 15 $W/rw.img | grep -q CFG-WROTE-42-OK"
gsh 'ip addr add 10.99.0.2/24 dev eth0; ip link set eth0 up; sleep 2; ping -c 3 -W 3 10.99.0.1 >/dev/null && echo CPING-$((2+3))-OK'
check "the guest pings dom0 over xenbr0" wait_for_console $G CPING-5-OK 60
check "dom0 pings the guest" ping -c 2 -W 3 10.99.0.2
check "xl destroy" xl destroy $G
check "destroy leaves no loop device, vif, bridge port or backend node" \
    settle 15 no_leftovers || leftovers | diag -

# shutdown: the guest powers off; its devices go with it.
check "our xl creates it again" xl create "$W/g.cfg"
domid=$(xl domid $G)
check "it boots" wait_for_console $G "$GUEST_MARKER" 120
check "xl shutdown -w" xl shutdown -w $G
check "shutdown leaves nothing behind" settle 20 no_leftovers || leftovers | diag -

# A create that fails on its NIC releases the disks it had set up.
guest_cfg "$W/bad.cfg" devbad 128 \
    "disk = [ 'file:$W/ro.img,xvda,r' ]" "vif = [ 'bridge=nobr9' ]"
out=$(xl create "$W/bad.cfg" 2>&1); rc=$?
check "a create with a missing bridge fails" sh -c "[ $rc != 0 ]"
check "its message names the bridge" sh -c "printf '%s' \"\$1\" | grep -q 'bridge nobr9 does not exist'" _ "$out"
check "the failed create leaves nothing behind" settle 15 no_leftovers || leftovers | diag -

