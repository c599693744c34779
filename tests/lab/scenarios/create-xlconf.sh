# create-xlconf: `xl create` applies /etc/xen/xl.conf as Debian's xl does
# (vif.default.bridge / defaultbridge / vif.default.script reach the NIC,
# checked in xenstore and on the bridge, beside Debian's xl); a bad xl.conf
# stops the create naming file:line and option, status 1, nothing created;
# a NIC's generated MAC and the command line's KEY=VALUE survive a restart
# by xenkit-monitord (on_reboot=restart), as under Debian's xl.
# lab-timeout: 600
D=$XL_DEBIAN
W=$SCENARIO_DIR
TP=/usr/local/share/xenkit/guests/tinypv
XLCONF=/etc/xen/xl.conf
BR=xkxbr0 BR2=xkxbr1

check "the tiny PV kernel is installed" test -s $TP || exit 1

# xl.conf is the host's: keep the original, put it back after each use
# (and on exit), so that no later scenario sees ours.
if [ -e $XLCONF ]; then cp -p $XLCONF "$W/xl.conf.orig"; fi
restore_xlconf() {
    if [ -e "$W/xl.conf.orig" ]; then cp -p "$W/xl.conf.orig" $XLCONF
    else rm -f $XLCONF; fi
}
cleanup() {
    restore_xlconf
    destroy_all_guests
    ip link del $BR 2>/dev/null
    ip link del $BR2 2>/dev/null
}
trap cleanup EXIT
set_xlconf() { printf '%s\n' "$@" >$XLCONF; }

# tp_cfg FILE NAME LINE...: a tinypv guest (8 MiB) with the given lines.
tp_cfg() {
    local f=$1 n=$2 l
    shift 2
    { echo "name = \"$n\""; echo 'type = "pv"'; echo "kernel = \"$TP\""
      echo 'memory = 8'; for l in "$@"; do echo "$l"; done; } >"$f"
}
bnode() { xenstore-read "/local/domain/0/backend/vif/$1/0/$2" 2>/dev/null; }
in_bridge() { [ -e "/sys/class/net/$2/brif/$1" ]; }
wait_new_domid() { # NAME OLD -> prints the new domid
    local i d
    for i in $(seq 1 300); do
        d=$(xl domid "$1" 2>/dev/null)
        [ -n "$d" ] && [ "$d" != "$2" ] && { echo "$d"; return 0; }
        sleep 0.2
    done
    return 1
}

for b in $BR $BR2; do
    ip link add $b type bridge 2>/dev/null
    ip link set $b up
done
tp_cfg "$W/nic.cfg" xkxc "vif = [ '' ]"

# ---- vif.default.bridge: ours and Debian's put the NIC in that bridge ----
set_xlconf "vif.default.bridge = \"$BR\""
for who in ours debian; do
    if [ $who = ours ]; then XL=xl; else XL=$D; fi
    check "$who: create with vif.default.bridge in xl.conf" $XL create -p "$W/nic.cfg" || continue
    d=$(xl domid xkxc)
    check_eq "$who: the NIC's backend names the xl.conf bridge" "$BR" "$(bnode $d bridge)"
    check "$who: vif$d.0 is a port of $BR" settle 10 in_bridge vif$d.0 $BR
    xl destroy xkxc >/dev/null 2>&1
    wait_gone $d
done

# ---- the deprecated defaultbridge: still applied, with a warning ----
set_xlconf "defaultbridge = \"$BR2\""
xl create -p "$W/nic.cfg" >"$W/dep.out" 2>&1
check_eq "defaultbridge: the create succeeds" 0 $?
check "defaultbridge: a warning says it is deprecated" \
    grep -qE "xl\.conf:1:1: .*defaultbridge is deprecated; use vif\.default\.bridge" "$W/dep.out"
d=$(xl domid xkxc)
check_eq "defaultbridge: the NIC's backend names that bridge" "$BR2" "$(bnode $d bridge)"
check "defaultbridge: vif$d.0 is a port of $BR2" settle 10 in_bridge vif$d.0 $BR2
xl destroy xkxc >/dev/null 2>&1
wait_gone $d

# ---- vif.default.script: the script, not xenkit's netlink set-up, runs ----
cat >"$W/vif-test" <<EOF
#!/bin/sh
echo "\$1 \$XENBUS_PATH \$vif" >>"$W/script.log"
[ "\$1" = online ] && xenstore-write "/local/domain/0/\$XENBUS_PATH/hotplug-status" connected
exit 0
EOF
chmod +x "$W/vif-test"
set_xlconf "vif.default.script = \"$W/vif-test\"" "vif.default.bridge = \"$BR\""
for who in ours debian; do
    if [ $who = ours ]; then XL=xl; else XL=$D; fi
    rm -f "$W/script.log"
    check "$who: create with vif.default.script in xl.conf" $XL create -p "$W/nic.cfg" || continue
    d=$(xl domid xkxc)
    check_eq "$who: the backend records the xl.conf script" "$W/vif-test" "$(bnode $d script)"
    check "$who: the script ran for vif$d.0" \
        grep -q "^online backend/vif/$d/0 vif$d.0\$" "$W/script.log"
    check "$who: the script, not xenkit, decides the bridge ports" \
        sh -c "! [ -e /sys/class/net/$BR/brif/vif$d.0 ]"
    xl destroy xkxc >/dev/null 2>&1
    wait_gone $d
done
restore_xlconf

# ---- a bad xl.conf: no domain, a message naming file:line, status 1 ----
snapshot() {
    { "$D" list 2>/dev/null | awk 'NR > 1 {print $1, $2}'
      xenstore-ls -f | awk '!/^\/local\/domain\/0\// || /^\/local\/domain\/0\/backend/' ; } >"$1"
}
# bad_xlconf NAME PATTERN LINE...: with these xl.conf lines our create
# fails with status 1 and a message matching PATTERN, and nothing changed.
bad_xlconf() {
    local name=$1 pat=$2 rc
    shift 2
    snapshot "$W/before"   # Debian's xl list: before xl.conf goes bad
    set_xlconf "$@"
    xl create -p "$W/nic.cfg" >"$W/bad.out" 2>&1
    rc=$?
    restore_xlconf
    check_eq "$name: exit status" 1 "$rc"
    if grep -qE -- "$pat" "$W/bad.out"; then _ok "$name: message"
    else _not_ok "$name: message"; diag "wanted /$pat/"; diag - <"$W/bad.out"; fi
    snapshot "$W/after"
    check_same "$name: nothing created" "$W/before" "$W/after"
}
bad_xlconf "xl.conf syntax error" '^/etc/xen/xl\.conf:2:[0-9]+: ' \
    "vif.default.bridge = \"$BR\"" 'claim_mode = '
bad_xlconf "xl.conf claim_mode not a boolean" \
    '^/etc/xen/xl\.conf:1:[0-9]+: claim_mode: ' 'claim_mode = "yes"'
bad_xlconf "xl.conf vif.default.bridge not a string" \
    '^/etc/xen/xl\.conf:3:[0-9]+: vif\.default\.bridge: ' \
    '# a comment' 'autoballoon = "off"' 'vif.default.bridge = [ 1 ]'
# Debian's xl refuses a config it cannot parse with the same status.
set_xlconf "vif.default.bridge = \"$BR\"" 'claim_mode = '
"$D" create -p "$W/nic.cfg" >/dev/null 2>&1
drc=$?
restore_xlconf
check_eq "xl.conf syntax error: Debian's xl exits 1 too" 1 "$drc"
check "after all that, no guest is left" sh -c "[ -z \"\$(xl domid xkxc 2>/dev/null)\" ]"

# ---- a generated MAC survives a restart (on_reboot=restart) ----
# Our xl with a KEY=VALUE that repeats the file's memory: the restarted
# domain keeps it too (it used to be a "second setting" at restart).
tp_cfg "$W/rb.cfg" xkxr "vif = [ 'bridge=$BR' ]" 'on_reboot = "restart"'
check "ours: create a rebooting guest with a NIC without mac=" \
    xl create "$W/rb.cfg" memory=12 || exit 1
r1=$(xl domid xkxr)
mac1=$(bnode $r1 mac)
check "ours: the NIC got a MAC under 00:16:3e ($mac1)" \
    sh -c "echo '$mac1' | grep -qE '^00:16:3e:[0-7][0-9a-f](:[0-9a-f]{2}){2}\$'"
check "ours: the monitor's copy of the config keeps that MAC" \
    grep -q "mac=$mac1" <<<"$(record_text $r1)"
check "ours: the guest is up (it answers the reboot)" \
    settle 60 sh -c "xenstore-read /local/domain/$r1/control/feature-reboot >/dev/null 2>&1"
check "ours: xl reboot" xl reboot xkxr
r2=$(wait_new_domid xkxr "$r1")
check "ours: the monitor restarts it ($r1 -> $r2)" test -n "$r2" ||
    { tail -5 /var/log/xen/xenkit-monitord.log | diag -; exit 1; }
settle 30 sh -c "xenstore-read /local/domain/0/backend/vif/$r2/0/mac >/dev/null 2>&1"
check_eq "ours: the restarted domain's NIC has the same MAC" "$mac1" "$(bnode $r2 mac)"
check_eq "ours: and the same bridge" "$BR" "$(bnode $r2 bridge)"
check_eq "ours: the command line's memory=12 holds after the restart" 12 \
    "$("$D" list $r2 | awk 'NR == 2 {print $3}')"
check "ours: the new domain's record keeps the MAC for the next restart" \
    grep -q "mac=$mac1" <<<"$(record_text $r2)"
xl destroy xkxr >/dev/null 2>&1
wait_gone "$r2"

# Debian's xl, same guest: the reference behaviour.
check "debian: create the same guest" "$D" create "$W/rb.cfg" || exit 0
r1=$(xl domid xkxr)
mac1=$(bnode $r1 mac)
settle 60 sh -c "xenstore-read /local/domain/$r1/control/feature-reboot >/dev/null 2>&1"
check "debian: xl reboot" "$D" reboot xkxr
r2=$(wait_new_domid xkxr "$r1")
check "debian: its daemon restarts it ($r1 -> $r2)" test -n "$r2" || exit 0
# Debian's xl adds the NIC after the new domain appears: wait for it.
settle 30 sh -c "xenstore-read /local/domain/0/backend/vif/$r2/0/mac >/dev/null 2>&1"
check_eq "debian: the restarted domain's NIC has the same MAC" "$mac1" "$(bnode $r2 mac)"
"$D" destroy xkxr >/dev/null 2>&1
wait_gone "$r2"
