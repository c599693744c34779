# inspect-domains.sh: `xl list` (all its options, by name and by id),
# domid, domname, uptime and their errors against Debian's xl on the same
# host: first with dom0 alone, then with guests that Debian's xl created,
# running, paused and shut down. The Time(s) column and uptimes, which tick
# between the two runs, are masked; uptimes are compared within seconds.
# lab-timeout: 1200
D=$XL_DEBIAN
W=$SCENARIO_DIR

# "NAME ID H:MM:SS" lines and " HH:MM:SS up ..., NAME (ID)" lines.
mask_uptime() {
    sed -E -e 's/^(.{33} +-?[0-9]+) .*/\1 UPTIME/' \
           -e 's/^ [0-9:]{8} up (.*), ([^,]*) \(([0-9]+)\)$/ NOW up UPTIME, \2 (\3)/'
}


# Seconds of domain $2's "H:MM:SS" uptime in `$1 uptime`.
uptime_secs() {
    "$1" uptime | awk -v id="$2" '$(NF-1) == id {
        n = split($NF, t, ":"); print t[1] * 3600 + t[2] * 60 + t[3]; exit }'
}
# uptime_close NAME DOMID: our uptime of DOMID lies between the ones Debian's
# xl reports just before and just after (a second either way for rounding).
uptime_close() {
    local a b c
    a=$(uptime_secs "$D" "$2"); b=$(uptime_secs xl "$2"); c=$(uptime_secs "$D" "$2")
    if [ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] &&
       [ "$b" -ge $((a - 1)) ] && [ "$b" -le $((c + 1)) ]; then
        _ok "$1"
    else
        _not_ok "$1"; diag "Debian before: '$a' s, ours: '$b' s, Debian after: '$c' s"
    fi
}

# every_view PHASE: the views compared in each phase.
every_view() {
    local p=$1
    same_as_debian "$p: list" mask_cpu_time list
    same_as_debian "$p: list -v" mask_cpu_time list -v
    same_as_debian "$p: list -vcn" mask_cpu_time list -vcn
    same_as_debian "$p: vm-list" cat vm-list
    same_as_debian "$p: claims" mask_cpu_time claims
    same_as_debian "$p: sharing" cat sharing
    same_as_debian "$p: uptime" mask_uptime uptime
    same_as_debian "$p: uptime -s" mask_uptime uptime -s
    uptime_close "$p: dom0's uptime agrees" 0
}

every_view "dom0 alone"
same_as_debian "list -Z" mask_cpu_time list -Z
same_as_debian "list 0" mask_cpu_time list 0
same_as_debian "list Domain-0" mask_cpu_time list Domain-0
same_as_debian "long options" mask_cpu_time list --verbose --context --cpupool --numa
same_as_debian "list of an unknown name" cat list nosuch
same_as_debian "list of an unknown id" cat list 99
same_as_debian "list of an id beyond 32 bits" cat list 99999999999
same_as_debian "list of two domains prints help" cat list 0 Domain-0
same_as_debian "domid Domain-0" cat domid Domain-0
same_as_debian "domid takes names only" cat domid 0
same_as_debian "domid of an unknown name" cat domid nosuch
same_as_debian "domname 0" cat domname 0
same_as_debian "domname with trailing junk" cat domname 0abc
same_as_debian "domname of a non-number" cat domname abc
same_as_debian "domname of an unknown id" cat domname 99
same_as_debian "uptime of an unknown name" cat uptime nosuch
same_as_debian "uptime 0" mask_uptime uptime 0

# xenkit's own rule: "" names no domain (Debian's xl takes it as domain 0).
out=$(xl list "" 2>&1); rc=$?
check_eq "an empty domain argument is refused" \
    "1  is an invalid domain identifier (rc=-6)" "$rc $out"

guest_cfg "$W/g.cfg" g 128
check "Debian's xl creates a running guest" $D create "$W/g.cfg" 'name="run1"' ||
    exit 1
check "Debian's xl creates a paused guest" $D create -p "$W/g.cfg" 'name="paused2"'
check "Debian's xl creates a guest kept after poweroff" $D create "$W/g.cfg" \
    'name="kept3"' 'on_poweroff="preserve"'
wait_for_console run1 "$GUEST_MARKER" 120
wait_for_console kept3 "$GUEST_MARKER" 120
check "the kept guest is shut down" $D shutdown -w kept3
run=$($D domid run1); paused=$($D domid paused2); kept=$($D domid kept3)

every_view "three guests"
same_as_debian "list by name" mask_cpu_time list run1
same_as_debian "list by id" mask_cpu_time list "$paused"
same_as_debian "list -v of a shut-down guest" mask_cpu_time list -v kept3
same_as_debian "list of two guests prints help" cat list run1 paused2
same_as_debian "domid of a guest" cat domid paused2
same_as_debian "sharing of a guest" cat sharing run1
same_as_debian "sharing of an unknown domain" cat sharing nosuch
same_as_debian "sharing of an unknown id" cat sharing 99
same_as_debian "sharing of two domains prints help" cat sharing run1 0
same_as_debian "domname of a guest" cat domname "$run"
same_as_debian "uptime of guests by name and id" mask_uptime uptime run1 "$paused" 0
same_as_debian "uptime -s of a guest" mask_uptime uptime -s kept3
uptime_close "a guest's uptime agrees" "$run"

check "Debian's xl destroys the paused guest" $D destroy paused2
same_as_debian "list after a destroy" mask_cpu_time list
same_as_debian "list of the destroyed guest's name" cat list paused2
same_as_debian "list of the destroyed guest's id" cat list "$paused"
same_as_debian "domname of the destroyed guest" cat domname "$paused"

# A domain whose start time is missing: xl reports it and lists the others.
vm=$(xenstore-read "/local/domain/$run/vm")
xenstore-rm "$vm/start_time"
xl uptime run1 >"$W/o.out" 2>"$W/o.err"; rc=$?
check_eq "uptime without a start time: status 0, header only" \
    "0 Name                                ID Uptime" "$rc $(cat "$W/o.out")"
check_eq "uptime without a start time: the message" \
    "Domain $run: can't get start time of domain: domain $run has no recorded start time" \
    "$(cat "$W/o.err")"
