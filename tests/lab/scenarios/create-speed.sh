# create-speed: toolstack time of `xl create -p` and `xl destroy`, ours
# against Debian's xl in the same boot, alternating, after a warm-up (the
# first creates after boot are slow for both). Reports medians; fails only
# if ours is slower than Debian's.
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
check "create no slower than Debian's xl" awk "BEGIN {exit !($OC <= $DC)}"
check "destroy no slower than Debian's xl" awk "BEGIN {exit !($OD <= $DD)}"
