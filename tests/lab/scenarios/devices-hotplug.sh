# devices-hotplug.sh: virtual disks and NICs hot-plugged with our xl into a
# guest that Debian's xl created (interoperability both ways), checked from
# inside the guest (commands typed into its console shell) and from dom0,
# then that detaching leaves no loop device, interface or backend node.
# The bridge: dom0 has none, so this makes xenbr0 with 10.99.0.1/24.
# lab-timeout: 900
W=$SCENARIO_DIR
D=$XL_DEBIAN
G=devg

# gsh CMDLINE: types a command line into the guest's shell on its console.
gsh() { printf '%s\n' "$1" >"$(xenstore-read "/local/domain/$domid/console/tty")"; }
# The loop device (loopN) whose backing file's path contains $1, if any.
loop_of() {
    local l f
    for l in /sys/block/loop*; do
        f=$(cat "$l/loop/backing_file" 2>/dev/null) || continue
        case $f in *"$1"*) echo "${l##*/}"; return ;; esac
    done
}
no_loop_for() { [ -z "$(loop_of "$1")" ]; }
no_link() { ! ip link show "$1" >/dev/null 2>&1; }
no_node() { ! xenstore-read "$1" >/dev/null 2>&1; }
empty_dir() { [ -z "$(xenstore-list "$1" 2>/dev/null)" ]; }
port_up() { [ -e "/sys/class/net/$2/brif/$1" ] && ip link show "$1" | grep -q ',UP'; }
# expect_err NAME WANT_OUTPUT CMD...: CMD fails with status 1 printing WANT.
expect_err() {
    local name=$1 want=$2 out rc
    shift 2
    out=$("$@" 2>&1); rc=$?
    if [ $rc = 1 ] && printf '%s\n' "$out" | grep -qF -- "$want"; then
        _ok "$name"
    else
        _not_ok "$name"; diag "exit $rc, output:"; printf '%s\n' "$out" | diag -
    fi
}

ip link add xenbr0 type bridge 2>/dev/null
ip addr add 10.99.0.1/24 dev xenbr0 2>/dev/null
ip link set xenbr0 up

printf 'KNOWN-CONTENT-4242\n' >"$W/ro.img"
truncate -s 4M "$W/ro.img"
truncate -s 4M "$W/rw.img"
printf 'QFI\373' >"$W/fake.qcow2"

guest_cfg "$W/g.cfg" $G 128
check "Debian's xl creates the test guest" $D create "$W/g.cfg" || exit 1
domid=$($D domid $G)
check "the guest boots" wait_for_console $G "$GUEST_MARKER" 120 || exit 1
gsh 'echo SHELL-$((20+22))-READY'
check "the guest's console shell answers" wait_for_console $G SHELL-42-READY 30

# ---- disks ----
check "block-attach file: read-only" xl block-attach $G "file:$W/ro.img,xvdb,r"
# The guest's frontend connects on its own time after block-attach
# returns: the guest waits for the device node.
gsh 'until [ -b /dev/xvdb ]; do sleep 0.2; done; head -c 18 /dev/xvdb; echo'
check "the guest reads the disk's known content" \
    wait_for_console $G KNOWN-CONTENT-4242 30
lo=$(loop_of ro.img)
check "a read-only loop device ($lo) backs the image" \
    sh -c "[ -n '$lo' ] && [ \"\$(cat /sys/block/$lo/ro)\" = 1 ]"
be=/local/domain/0/backend/vbd/$domid/51728
check "the backend of xvdb (51728) is Connected" \
    settle 20 sh -c "[ \"\$(xenstore-read $be/state)\" = 4 ]"
check_eq "its hotplug-status is connected" connected \
    "$(xenstore-read $be/hotplug-status 2>&1)"

check "block-attach read-write, key=value spec" \
    xl block-attach $G "format=raw,vdev=xvdc,access=rw,target=$W/rw.img"
gsh 'until [ -b /dev/xvdc ]; do sleep 0.2; done; echo GUEST-WROTE-$((6*7))-OK >/dev/xvdc && sync && echo WRITE-$((1+1))-DONE'
check "the guest writes the second disk" wait_for_console $G WRITE-2-DONE 30

xl block-list $G >"$W/bl.ours" 2>&1
$D block-list $G >"$W/bl.debian" 2>&1
check_same "block-list prints what Debian's xl prints" "$W/bl.debian" "$W/bl.ours"

check "block-detach xvdc" xl block-detach $G xvdc
check "dom0 reads back what the guest wrote" \
    sh -c "head -c 17 $W/rw.img | grep -q GUEST-WROTE-42-OK"
check "no loop device is left for the detached image" settle 10 no_loop_for rw.img
check "no backend node is left for xvdc" no_node /local/domain/0/backend/vbd/$domid/51744
check "no record is left for xvdc" no_node /libxl/$domid/device/vbd/51744

check "block-detach xvdb" xl block-detach $G xvdb
gsh '[ -e /sys/block/xvdb ] || echo XVDB-$((3+4))-GONE'
check "the detached disk is gone in the guest" wait_for_console $G XVDB-7-GONE 30

# ---- network ----
check "network-attach with defaults (xenbr0, generated MAC)" xl network-attach $G
check "vif$domid.0 is an up port of xenbr0" settle 10 port_up vif$domid.0 xenbr0
mac=$(xenstore-read /libxl/$domid/device/vif/0/mac 2>&1)
check "the generated MAC $mac is under 00:16:3e" \
    sh -c "echo '$mac' | grep -qx '00:16:3e:[0-7][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]'"
gsh 'ip addr add 10.99.0.2/24 dev eth0; ip link set eth0 up; sleep 2; ping -c 3 -W 3 10.99.0.1 >/dev/null && echo PING-$((2+3))-OK'
check "the guest pings dom0 over the bridge" wait_for_console $G PING-5-OK 60
check "dom0 pings the guest" ping -c 2 -W 3 10.99.0.2
xl network-list $G >"$W/nl.ours" 2>&1
$D network-list $G >"$W/nl.debian" 2>&1
check_same "network-list prints what Debian's xl prints" "$W/nl.debian" "$W/nl.ours"

check "network-attach with vifname, mac and ip" \
    xl network-attach $G vifname=web0 mac=00:16:3e:11:22:33 ip=10.99.0.3
check "the renamed vif web0 is an up port of xenbr0" settle 10 port_up web0 xenbr0
check "network-detach by MAC" xl network-detach $G 00:16:3e:11:22:33
check "web0 is gone" settle 10 no_link web0
check "network-detach by index" xl network-detach $G 0
check "vif$domid.0 is gone" settle 10 no_link vif$domid.0

# ---- -N: the spec as libxl JSON, nothing attached ----
xl -N block-attach $G "$W/rw.img,raw,xvdd,w" >"$W/n.ours" 2>&1
$D -N block-attach $G "$W/rw.img,raw,xvdd,w" >"$W/n.debian" 2>&1
check_same "-N block-attach prints what Debian's xl prints" "$W/n.debian" "$W/n.ours"
xl -N network-attach $G bridge=br7 mac=00:16:3e:00:00:09 ip=10.1.1.1 >"$W/nn.ours" 2>&1
$D -N network-attach $G bridge=br7 mac=00:16:3e:00:00:09 ip=10.1.1.1 >"$W/nn.debian" 2>&1
check_same "-N network-attach prints what Debian's xl prints" "$W/nn.debian" "$W/nn.ours"
check "-N attached nothing" no_node /libxl/$domid/device/vbd/51760

# ---- errors a user sees ----
expect_err "a qcow2 disk is refused, naming QEMU" "format qcow2 needs QEMU" \
    xl block-attach $G "qcow2:$W/fake.qcow2,xvdd,r"
expect_err "a missing bridge is refused, naming it" "bridge nobr0 does not exist" \
    xl network-attach $G bridge=nobr0
expect_err "detaching a disk that is not there" \
    "Error: Device xvdz not connected." xl block-detach $G xvdz
expect_err "detaching a NIC that is not there" "Unknown device 7." \
    xl network-detach $G 7
expect_err "a disk on an image that does not exist" \
    "cannot use $W/none.img: No such file or directory" \
    xl block-attach $G "file:$W/none.img,xvdd,w"

# ---- the other way round: Debian's devices, listed and removed by ours ----
check "Debian's xl block-attach (its block script)" \
    $D block-attach $G "file:$W/ro.img,xvde,r"
xl block-list $G >"$W/bl2.ours" 2>&1
$D block-list $G >"$W/bl2.debian" 2>&1
check_same "our block-list of Debian's disk" "$W/bl2.debian" "$W/bl2.ours"
check "our block-detach of Debian's disk (runs its block script)" \
    xl block-detach $G xvde
check "its loop device is gone" settle 10 no_loop_for ro.img
check "Debian's xl network-attach (vif-bridge)" $D network-attach $G
check "our network-detach of Debian's vif (runs vif-bridge offline)" \
    xl network-detach $G 0
check "that vif is gone" settle 10 no_link vif$domid.0

# ---- script= runs the named script as xl would ----
printf 'KNOWN-SCRIPTED-5151\n' >"$W/ro2.img"
truncate -s 4M "$W/ro2.img"
check "block-attach with script=block" \
    xl block-attach $G "script=block,file:$W/ro2.img,xvdf,r"
gsh 'head -c 19 /dev/xvdf; echo'
check "the guest reads the scripted disk" wait_for_console $G KNOWN-SCRIPTED-5151 30
check "block-detach of the scripted disk" xl block-detach $G xvdf
check "the script's loop device is gone" settle 10 no_loop_for ro2.img
check "network-attach with script=vif-bridge" xl network-attach $G script=vif-bridge
check "vif-bridge put vif$domid.0 into xenbr0" settle 10 port_up vif$domid.0 xenbr0
check "network-detach of the scripted vif" xl network-detach $G 0
check "the scripted vif is gone" settle 10 no_link vif$domid.0

# ---- nothing left behind ----
check "no vbd backend nodes remain" empty_dir /local/domain/0/backend/vbd/$domid
check "no vif backend nodes remain" empty_dir /local/domain/0/backend/vif/$domid
check "no loop devices remain" sh -c '! cat /sys/block/loop*/loop/backing_file 2>/dev/null | grep -q .'
check "no vif interfaces remain" sh -c '! ls /sys/class/net | grep -q "^vif"'

$D destroy $G
if [ "$LAB_FAILS" -gt 0 ]; then
    diag "guest console (tail):"
    tail -30 "$(console_log $G)" | tr -d '\r' | diag -
fi
