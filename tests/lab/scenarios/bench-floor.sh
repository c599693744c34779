# bench-floor: xk-xs-floor (bench/xs_floor.c), the floor bench/run times
# beside both tools' lists, reads every domain's name, as `xl list` does,
# over as many connections as it is given.
F=/usr/local/libexec/xenkit/bench/xk-xs-floor
kernel=/usr/local/share/xenkit/guests/tinypv
for n in 1 2 3 4 5; do
    printf 'type = "pv"\nname = "bf%s"\nkernel = "%s"\nmemory = 8\n' $n "$kernel" >bf$n.cfg
    check "create -p bf$n" xl create -p bf$n.cfg
done
homes=$(xenstore-list /local/domain | wc -l)
check_eq "it reads every domain's name (dom0 and 5 guests)" \
    "6 names over 6 connections" "$("$F")"
check_eq "  over the connections it is given" \
    "6 names over 2 connections" "$("$F" 2)"
check_eq "  as many as there are homes in xenstore" 6 "$homes"
check_fails "it refuses 0 connections" "$F" 0
check_fails "  and more than 64" "$F" 65
check_eq "  saying how to call it, exit status 2" \
    "usage: xk-xs-floor [CONNECTIONS (1-64)] / 2" \
    "$({ "$F" 65 2>&1; echo "/ $?"; } | paste -sd' ')"
for n in 1 2 3 4 5; do xl destroy bf$n; done
