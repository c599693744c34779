# create-console: `xl create -c` shows the guest's console from its first
# line (the domain runs only once the console is attached), and
# `xl create -F` stays until the domain is gone.
# lab-timeout: 300

guest_cfg cons.cfg xkcons 128
xl create -c cons.cfg >cons.out 2>&1 &
cpid=$!
i=0
until grep -qa "$GUEST_MARKER" cons.out 2>/dev/null || [ $i -ge 600 ]; do
    sleep 0.2; i=$((i + 1))
done
if grep -qa "$GUEST_MARKER" cons.out; then _ok "create -c relays the guest's console"
else _not_ok "create -c relays the guest's console"; tail -5 cons.out | diag -; fi
# The kernel's first line ("Linux version") is there: nothing was lost
# between unpause and attach.
if grep -qa "Linux version" cons.out; then _ok "create -c: from the first line"
else _not_ok "create -c: from the first line"; head -3 cons.out | diag -; fi
xl destroy xkcons
i=0
while kill -0 $cpid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
if kill -0 $cpid 2>/dev/null; then
    _not_ok "create -c ends when the domain is destroyed"; kill $cpid
else
    wait $cpid
    check_eq "create -c ends when the domain is destroyed (status 0)" 0 $?
fi

guest_cfg fg.cfg xkfg 128
xl create -F -p fg.cfg >fg.out 2>&1 &
fpid=$!
i=0
until xl domid xkfg >/dev/null 2>&1 || [ $i -ge 300 ]; do sleep 0.2; i=$((i + 1)); done
sleep 1
if kill -0 $fpid 2>/dev/null; then _ok "create -F stays while the domain lives"
else _not_ok "create -F stays while the domain lives"; diag - <fg.out; fi
xl destroy xkfg
i=0
while kill -0 $fpid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
if kill -0 $fpid 2>/dev/null; then
    _not_ok "create -F returns once the domain is gone"; kill $fpid
else
    wait $fpid
    check_eq "create -F returns once the domain is gone (status 0)" 0 $?
fi

# xenconsoled may serve from a domain of its own (/tool/xenconsoled/domid):
# the console's backend then lies under that domain. The create learns
# which from its first exchange's replies, after the home's first step is
# out: the nodes that name the backend, and its directory, come after.
# destroy finds the directory from libxl's record of the console.
kernel=/usr/local/share/xenkit/guests/tinypv
for n in xkcd-host xkcd-guest; do
    printf 'type = "pv"\nname = "%s"\nkernel = "%s"\nmemory = 8\n' \
        "$n" "$kernel" >"$n.cfg"
done
check "create a domain to stand for the console's" xl create -p xkcd-host.cfg
H=$(xl domid xkcd-host)
old=$(xenstore-read /tool/xenconsoled/domid 2>/dev/null) && had=1 || had=0
xenstore-write /tool/xenconsoled/domid "$H"
XENKIT_TIMING=1 xl create -p xkcd-guest.cfg >cd.out 2>&1
rc=$?
if [ $had = 1 ]; then xenstore-write /tool/xenconsoled/domid "$old"
else xenstore-rm /tool/xenconsoled/domid; fi
check_eq "create with the console in domain $H" 0 $rc
check_eq "  its first step went before the replies" 1 \
    "$(grep -c "step 0 out before the first exchange's replies" cd.out)"
G=$(xl domid xkcd-guest)
back=/local/domain/$H/backend/console/$G/0
check_eq "  console/backend-id names domain $H" "$H" \
    "$(xenstore-read /local/domain/$G/console/backend-id)"
check_eq "  console/backend is under it" "$back" \
    "$(xenstore-read /local/domain/$G/console/backend)"
check_eq "  libxl's record of the console says the same" "$back" \
    "$(xenstore-read /libxl/$G/device/console/0/backend)"
check_eq "  the backend directory is there, for domain $G" \
    "$G /local/domain/$G/console" \
    "$(xenstore-read $back/frontend-id) $(xenstore-read $back/frontend)"
check_eq "  and nothing of it under dom0" "" \
    "$(xenstore-list /local/domain/0/backend/console/$G 2>/dev/null)"
xl destroy xkcd-guest
check_eq "destroy removes the backend directory under domain $H" "" \
    "$(xenstore-list /local/domain/$H/backend/console 2>/dev/null)"
xl destroy xkcd-host
check_eq "  both gone" "" "$(guest_domids)"
