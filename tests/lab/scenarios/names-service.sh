# names-service: xenkit-monitord's name service (lib/names): with more than
# 16 domains `xl list` takes the names from it, and a name changed just
# before, by Debian's xl, by a xenstore write or by a removal, is in the
# very next list; domains gone and new ones are right; more than a dozen
# changed names at once are read too; the first list with many domains it
# has not seen reads the names itself, the next ones are served; past 25
# domains the watches go on a second connection; a stopped service
# (SIGSTOP) or none at all (killed, stale socket) leaves `xl list` right,
# reading the names itself; with 16 domains or fewer it is not asked.
# lab-timeout: 600
D=$XL_DEBIAN
LOCK=/run/xenkit/monitord.lock
SOCK=/run/xenkit/names
kernel=/usr/local/share/xenkit/guests/tinypv
tp() { printf 'type = "pv"\nname = "%s"\nkernel = "%s"\nmemory = 8\n' "$2" "$kernel" >"$1"; }
# Name and id of every domain, by xl list (ours, or Debian's with $D).
names() { "${1:-xl}" list | awk 'NR > 1 {print $1, $2}'; }
# How our list got its names, from XENKIT_TIMING: "S served, R read", or
# "no service" when it asked none.
how() {
    XENKIT_TIMING=1 xl list 2>&1 >/dev/null | sed -n \
        's/.*list: \([0-9]*\) names from the name service, \([0-9]*\) read.*/\1 served, \2 read/p' |
        grep . || echo "no service"
}
ndom() { "$D" list | awk 'NR > 1' | wc -l; }
# served N: within 3 s a list is served all N names.
served() {
    local i
    for i in $(seq 30); do [ "$(how)" = "$1 served, 0 read" ] && return 0; sleep 0.1; done
    how; return 1
}

for n in ns-a ns-b ns-d ns-e; do tp $n.cfg $n; done
check "our xl creates ns-a (xenkit-monitord starts)" xl create -p ns-a.cfg
check "our xl creates ns-b" xl create -p ns-b.cfg
check "Debian's xl creates ns-d" "$D" create -p ns-d.cfg
check "the name service listens" test -S $SOCK
check_eq "with 4 domains a list does not ask it" "no service" "$(how)"
for i in $(seq 1 14); do tp nm$i.cfg nm$i; xl create -p nm$i.cfg >/dev/null 2>&1; done
a=$("$D" domid ns-a); b=$("$D" domid ns-b)

# 18 domains it has not seen: more than it registers with an answer.
check_eq "18 domains up" 18 "$(ndom)"
check_eq "the first list with 18 reads the names itself" "0 served, 18 read" "$(how)"
check "  a list soon after is served all 18" served 18
check_eq "  and they are the names Debian's xl lists" "$(names "$D")" "$(names)"

# Changes made just before a list are in it.
check "Debian's xl renames ns-a to ns-a2" "$D" rename ns-a ns-a2
check_eq "  our next list says ns-a2" "ns-a2 $a" "$(names | grep " $a\$")"
check_eq "  all served again" "18 served, 0 read" "$(how)"
ok=1
for i in 1 2 3 4 5 6 7 8 9 10; do
    "$D" rename ns-a2 ns-x$i >/dev/null 2>&1 || ok=0
    [ "$(names | grep " $a\$")" = "ns-x$i $a" ] || { ok=0; diag "rename $i: $(names | grep " $a\$")"; }
    "$D" rename ns-x$i ns-a2 >/dev/null 2>&1 || ok=0
    [ "$(names | grep " $a\$")" = "ns-a2 $a" ] || { ok=0; diag "back $i: $(names | grep " $a\$")"; }
done
check_eq "  20 renames back and forth, each seen by the next list" 1 $ok
check "a xenstore write renames ns-b" xenstore-write /local/domain/$b/name ns-b-w
check_eq "  our next list says ns-b-w" "ns-b-w $b" "$(names | grep " $b\$")"
check "xenstore-rm removes ns-b's name" xenstore-rm /local/domain/$b/name
names >served.txt
XENKIT_NAME_SOCKET=/nonexistent names >read.txt
check_same "  our list shows it as when every name is read" read.txt served.txt
check "xenstore-write gives ns-b its name back" xenstore-write /local/domain/$b/name ns-b

# Domains gone and new.
check "Debian's xl destroys ns-d" "$D" destroy ns-d
check "our xl creates ns-e" xl create -p ns-e.cfg
check_eq "the list has ns-e and not ns-d" "$(names "$D")" "$(names)"

# More than a dozen changed names: read side by side on other connections.
for i in $(seq 1 11); do xenstore-write /local/domain/$("$D" domid nm$i)/name nz$i; done
xenstore-write /local/domain/$a/name ns-a3
xenstore-write /local/domain/$b/name ns-b3
check_eq "13 names changed at once: all in the next list" "$(names "$D")" "$(names)"
check_eq "  served, none read" "18 served, 0 read" "$(how)"

# A stopped service: the list waits for it a while, then reads the names.
pid=$(cat $LOCK)
kill -STOP "$pid"
cs() { read -r up _ </proc/uptime; echo "${up%.*}${up#*.}"; }   # centiseconds
t0=$(cs)
check_eq "with the service stopped, the list is still right" "$(names "$D")" "$(names)"
t1=$(cs)
kill -CONT "$pid"
check "  after waiting 2 s for it ($((t1 - t0))0 ms)" test $((t1 - t0)) -ge 190 -a $((t1 - t0)) -lt 300
check_eq "  and it serves again once continued" "18 served, 0 read" "$(how)"

# No service: killed, its socket left behind.
kill -9 "$pid"
sleep 0.5
check "a killed service leaves its socket" test -S $SOCK
check_eq "  the list asks no service" "no service" "$(how)"
check_eq "  and is right" "$(names "$D")" "$(names)"
check "xenkit-monitord starts again" xenkit-monitord
check_eq "  its first list reads the names itself" "0 served, 18 read" "$(how)"
check "  and a list soon after is served all 18" served 18
check_eq "  and is right" "$(names "$D")" "$(names)"

# Past 25 watches the service opens another watch connection; a name
# watched there changed just before a list is in it too.
for i in $(seq 15 22); do tp nm$i.cfg nm$i; xl create -p nm$i.cfg >/dev/null 2>&1; done
check_eq "26 domains up, all served" "26 served, 0 read" "$(how)"
check "Debian's xl renames the last of them" "$D" rename nm22 nm22-b
check_eq "  our next list says so" "$(names "$D")" "$(names)"
check_eq "  served, none read" "26 served, 0 read" "$(how)"

check "  stopped by SIGTERM, it removes its socket" sh -c \
    "kill \$(cat $LOCK); for i in \$(seq 50); do [ -S $SOCK ] || exit 0; sleep 0.1; done; exit 1"
check "xenkit-monitord starts again" xenkit-monitord
destroy_all_guests
check_eq "no guest is left" "" "$(guest_domids)"
