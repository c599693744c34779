#!/bin/bash
# linux-guest-speed: toolstack time of `xl create -p` and `xl destroy` for a
# 128 MiB Linux guest, ours against Debian's xl in the same boot. A benchmark,
# kept out of `make check` because wall-clock ratios under emulation vary with
# the host's load. Run: lab/run bench/linux-guest-speed.sh tests/lab/lib.sh
SCENARIO=linux-guest-speed
. ./lib.sh
# Medians, alternating tools, after a warm-up (the first creates after boot
# are slow for both). Create must
# take at most a fifth of Debian's time (the goal); destroy, where both wait
# mostly for the hypervisor, must not be clearly slower (runs of the same
# tool differ by up to 1.5x here).
# lab-timeout: 500

TIMEFORMAT=%R
guest_cfg ours.cfg xkspeed 128
guest_cfg theirs.cfg debspeed 128
t() { { time "$@" >/dev/null 2>&1; } 2>&1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for i in 1; do   # warm-up
    "$XL_DEBIAN" create -p theirs.cfg >/dev/null 2>&1; "$XL_DEBIAN" destroy debspeed
    xl create -p ours.cfg >/dev/null 2>&1; xl destroy xkspeed
done
: >oc; : >od; : >dc; : >dd
for i in 1 2 3; do
    t "$XL_DEBIAN" create -p theirs.cfg >>dc; t "$XL_DEBIAN" destroy debspeed >>dd
    t xl create -p ours.cfg >>oc; t xl destroy xkspeed >>od
done
OC=$(median <oc); OD=$(median <od); DC=$(median <dc); DD=$(median <dd)
diag "create -p: ours $OC s, Debian's $DC s (ratio $(awk "BEGIN {printf \"%.2f\", $OC / $DC}"))"
diag "destroy:   ours $OD s, Debian's $DD s (ratio $(awk "BEGIN {printf \"%.2f\", $OD / $DD}"))"
check "create takes at most 0.2x Debian's time" awk "BEGIN {exit !($OC <= 0.2 * $DC)}"
check "destroy not clearly slower than Debian's" awk "BEGIN {exit !($OD <= 1.5 * $DD)}"
