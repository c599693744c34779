# control-monitor.sh: lifecycle actions after `xl create` has returned
# (issue 4): xenkit-monitord restarts a rebooting guest under its name with
# a new domid, keeps a powered-off guest with on_poweroff=preserve, destroys
# one with the default on_poweroff, survives the CLI exiting, and picks its
# domains up again when killed and restarted. Debian's xl controls our
# guests (and the console attaches to them).
# lab-timeout: 900
D=$XL_DEBIAN
LOCK=/run/xenkit/monitord.lock
MLOG=/var/log/xen/xenkit-monitord.log
monitord_pid() { cat $LOCK 2>/dev/null; }
monitord_alive() { local p; p=$(monitord_pid); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
show_log() { [ -f $MLOG ] && tail -15 $MLOG | diag -; }
wait_new_domid() { # NAME OLD -> prints the new domid
    local i d
    for i in $(seq 1 300); do
        d=$(xl domid "$1" 2>/dev/null)
        [ -n "$d" ] && [ "$d" != "$2" ] && { echo "$d"; return 0; }
        sleep 0.2
    done
    return 1
}

# ---- restart on reboot, across a monitor restart ----
guest_cfg r.cfg mr 128 'on_reboot = "restart"'
check "our xl creates a guest" xl create r.cfg || { show_log; exit 1; }
r1=$(xl domid mr)
check "the guest boots" wait_for_console mr "$GUEST_MARKER" 120
check "xenkit-monitord runs after xl create returned" monitord_alive
check "the guest's lifecycle is recorded in xenstore" \
    test "$(record_field $r1 on_reboot)" = restart

old=$(monitord_pid)
kill -9 "$old"
sleep 1
check "the killed monitor is gone" sh -c "! kill -0 $old 2>/dev/null"
check "xenkit-monitord starts again" xenkit-monitord
check "a new monitor runs" sh -c "[ \"\$(cat $LOCK)\" != $old ] && kill -0 \$(cat $LOCK)"
check "starting a second one is a no-op (exit 0)" xenkit-monitord
mv "$(console_log mr)" mr-first.log
check "Debian's xl reboots our guest" $D reboot mr
r2=$(wait_new_domid mr "$r1")
check "the restarted monitor restarts it: same name, new domid ($r1 -> $r2)" test -n "$r2" || show_log
check "the restarted guest boots again" wait_for_console mr "$GUEST_MARKER" 120
check "the old domain is gone" wait_gone "$r1" 30
check "the new domain is supervised too" \
    test "$(record_field $r2 on_reboot)" = restart

# ---- console attach to our guest ----
( sleep 3; printf 'echo OURS-$((6*7))\n'; sleep 5; printf '\035' ) |
    timeout 60 xl console mr >con.out 2>con.err
check_eq "console on our guest: Ctrl-] detaches with status 0" 0 $?
check "console on our guest: output comes through" grep -qa 'OURS-42' con.out

# ---- a second reboot, by our xl, again with the monitor ----
mv "$(console_log mr)" mr-second.log
check "our xl reboots it again" xl reboot mr
r3=$(wait_new_domid mr "$r2")
check "restarted again ($r2 -> $r3)" test -n "$r3" || show_log
check "it boots a third time" wait_for_console mr "$GUEST_MARKER" 120

# ---- default on_poweroff=destroy: Debian's xl shuts our guest down ----
xl shutdown -w -w mr 2>sd.err
check_eq "xl shutdown -ww of a supervised guest exits 0" 0 $?
check "the monitor destroyed it: gone" wait_gone "$r3" 30
check "no domain is named mr any more" sh -c "! $D domid mr >/dev/null 2>&1"

# ---- on_poweroff=preserve keeps it in the shutdown state ----
guest_cfg p.cfg mp 128 'on_poweroff = "preserve"'
check "our xl creates a preserve guest" xl create p.cfg
p1=$(xl domid mp)
check "it boots" wait_for_console mp "$GUEST_MARKER" 120
check "Debian's xl shuts it down with -w" $D shutdown -w mp
sleep 3
check "the preserved domain still exists" domain_exists "$p1"
state=$($D list "$p1" | awk 'NR == 2 {print $5}')
check "it is in the shutdown state (state $state)" sh -c "case '$state' in *s*) true ;; *) false ;; esac"
check "its record is gone: nothing more to do for it" \
    sh -c "! xenstore-read /libxl/$p1/xenkit/record 2>/dev/null"

# ---- a record as earlier xenkit versions wrote it (a node per field) ----
printf 'type = "pv"\nname = "mo"\nkernel = "%s"\nmemory = 8\n' \
    /usr/local/share/xenkit/guests/tinypv > o.cfg
check "our xl creates a tiny guest" xl create o.cfg
o1=$(xl domid mo)
xenstore-rm /libxl/$o1/xenkit/record
for kv in on_poweroff=preserve on_reboot=restart on_watchdog=destroy \
          on_crash=destroy on_soft_reset=soft-reset config-length=0; do
    xenstore-write /libxl/$o1/xenkit/${kv%%=*} "${kv#*=}"
done
check "Debian's xl shuts it down with -w" $D shutdown -w mo
sleep 3
check "the old record's on_poweroff=preserve is followed: it is kept" \
    domain_exists "$o1"
check "and that record is gone" \
    sh -c "! xenstore-read /libxl/$o1/xenkit/on_poweroff 2>/dev/null"
$D destroy mo 2>/dev/null

# ---- a damaged record: the monitor says so and leaves the domain be ----
printf 'type = "pv"\nname = "md"\nkernel = "%s"\nmemory = 8\n' \
    /usr/local/share/xenkit/guests/tinypv > d.cfg
check "our xl creates another tiny guest" xl create d.cfg
d1=$(xl domid md)
xenstore-write /libxl/$d1/xenkit/record "on_poweroff=preserve"
check "Debian's xl shuts the guest with the damaged record down" \
    $D shutdown -w md
sleep 3
check "the monitor's log names the damaged record" grep -q \
    "domain $d1: reading its lifecycle record: /libxl/$d1/xenkit/record: damaged record" \
    "$MLOG"
check "and the domain is left as it is" domain_exists "$d1"
$D destroy md 2>/dev/null
show_log
