# devices-cycles.sh: 20 create/destroy cycles of a guest with two disks and
# a NIC leave no loop device, vif, bridge port or backend node; a paused
# guest whose (guest-writable) frontend area points at another guest's
# backend is destroyed without touching that other guest. The guests are
# the tiny PV kernel, created paused: only dom0's side is exercised.
# lab-timeout: 900
W=$SCENARIO_DIR
G=devmis

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
    skip "create/destroy cycles with devices" "xl create is not implemented yet"
    exit 0
fi
TP=/usr/local/share/xenkit/guests/tinypv
check "the tiny PV kernel is installed" test -s $TP || exit 1
# tp_cfg FILE NAME LINE...: a paused-only tinypv guest with the given lines.
tp_cfg() {
    local f=$1 n=$2
    shift 2
    { echo "name = \"$n\""; echo 'type = "pv"'; echo "kernel = \"$TP\""
      echo 'memory = 8'; local l; for l in "$@"; do echo "$l"; done; } >"$f"
}
ip link add xenbr0 type bridge 2>/dev/null
ip link set xenbr0 up
printf 'KNOWN-CONTENT-7777\n' >"$W/ro.img"
truncate -s 4M "$W/ro.img" "$W/rw.img"
tp_cfg "$W/g.cfg" $G "disk = [ 'file:$W/ro.img,xvda,r', '$W/rw.img,raw,xvdb,w' ]" \
    "vif = [ 'bridge=xenbr0' ]"

# A guest that misbehaves: it is paused (never answers a close) and its
# frontend area (guest-writable) points at another guest's backend. Its
# destroy must release its own devices and leave the other guest's alone.
printf 'OTHER\n' >"$W/other.img"; truncate -s 4M "$W/other.img"
tp_cfg "$W/h.cfg" devother "disk = [ 'file:$W/other.img,xvda,r' ]"
check "a second guest with a disk" xl create -p "$W/h.cfg"
hid=$(xl domid devother)
check "a guest with two disks and a NIC" xl create -p "$W/g.cfg"
domid=$(xl domid $G)
fe=/local/domain/$domid/device/vbd
xenstore-write $fe/51712/backend /local/domain/0/backend/vbd/$hid/51712 \
    $fe/51712/state 99999999999999999999 $fe/777/backend \
    /local/domain/0/backend/vbd/$hid/51712 $fe/777/state 4
check "xl destroy of the paused, lying guest" xl destroy $G
no_g_left() {
    [ -z "$(xenstore-list /local/domain/0/backend/vbd/$domid 2>/dev/null)" ] &&
    [ -z "$(xenstore-list /local/domain/0/backend/vif/$domid 2>/dev/null)" ] &&
    ! cat /sys/block/loop*/loop/backing_file 2>/dev/null | grep -q 'ro.img\|rw.img' &&
    ! ip link show vif$domid.0 >/dev/null 2>&1
}
check "it leaves nothing of its own behind" settle 15 no_g_left || leftovers | diag -
check "the other guest's backend is untouched" \
    sh -c "xenstore-read /local/domain/0/backend/vbd/$hid/51712/params | grep -q other.img"
check "the other guest's loop device is untouched" \
    sh -c "cat /sys/block/loop*/loop/backing_file | grep -q other.img"
check "xl destroy of the second guest" xl destroy devother
check "and then nothing is left at all" settle 15 no_leftovers || leftovers | diag -

# 20 cycles.
tp_cfg "$W/c.cfg" devcyc \
    "disk = [ 'file:$W/ro.img,xvda,r', '$W/rw.img,raw,xvdb,w' ]" "vif = [ '' ]"
# Each cycle leaves a diagnostic line with its time, and the loop stops
# short of the scenario's limit on a slow (shared) lab: fewer than 20
# cycles then fail the check rather than the whole scenario.
bad=0 done=0 start=$SECONDS
for i in $(seq 1 20); do
    if ! xl create -p "$W/c.cfg" >"$W/cyc.log" 2>&1; then
        bad=$((bad + 1)); diag "cycle $i: create failed:"; diag - <"$W/cyc.log"; continue
    fi
    xl destroy devcyc >"$W/cyc.log" 2>&1 || { bad=$((bad + 1)); diag "cycle $i: destroy failed"; }
    settle 10 no_leftovers || { bad=$((bad + 1)); diag "cycle $i: leftovers"; leftovers | diag -; }
    done=$i
    diag "cycle $i done at $((SECONDS - start)) s"
    [ $((SECONDS - start)) -gt 700 ] && break
done
check_eq "20 create/destroy cycles with 2 disks and a vif leave nothing behind" \
    "20 cycles, 0 bad" "$done cycles, $bad bad"
