# bench-floor: bench/run's helpers in dom0. xk-xs-floor (bench/xs_floor.c),
# the floor it times beside both tools' lists, reads every domain's name, as
# `xl list` does, over as many connections as it is given; xk-bench-time
# (bench/spawn_time.c), the clock of every timed command, passes on the
# command's output and status and times it.
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

T=/usr/local/libexec/xenkit/bench/xk-bench-time
t=$("$T" bt.out sh -c 'echo to-out; echo to-err >&2; exit 3')
check_eq "the timer passes on the command's status" 3 $?
check_eq "  its stdout and stderr go to the file" "to-out to-err" \
    "$(paste -sd' ' bt.out)"
case $t in [0-9].[0-9][0-9][0-9][0-9][0-9][0-9]) ok=1 ;; *) ok=0 ;; esac
check_eq "  it prints seconds with six decimals ($t)" 1 $ok
t=$("$T" bt.out sleep 0.3)
check_eq "  a command's status 0" 0 $?
check_eq "  a 0.3 s sleep takes 0.3-1.5 s by it ($t)" 1 \
    "$(awk -v t="$t" 'BEGIN { print (t >= 0.3 && t < 1.5) }')"
t=$("$T" bt.out sh -c 'kill -TERM $$')
check_eq "  a command killed by SIGTERM: 143" 143 $?
t=$("$T" bt.out /nonexistent/cmd 2>bt.err)
check_eq "  no such command: 125, no time" "125 ''" "$? '$t'"
check_eq "  saying so" 1 "$(grep -c '^xk-bench-time: /nonexistent/cmd: ' bt.err)"
t=$("$T" /nonexistent/dir/out true 2>bt.err)
check_eq "  an output it cannot open: 125, nothing run" "125 ''" "$? '$t'"
