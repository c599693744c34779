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
