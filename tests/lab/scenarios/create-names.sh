# create-names: names stay unique through xenkit's name index
# (lib/domain/name_index.c): the index entry and claim a create writes, a
# claim left stale by a rename or by Debian's xl destroying our domain
# blocks nothing, a taken name is refused whoever took it, a lookup by
# name goes by the claim while it holds, creates racing for one name
# leave exactly one winner, and the index forgets domains that are gone.
# lab-timeout: 300
D=$XL_DEBIAN
kernel=/usr/local/share/xenkit/guests/tinypv
tp() { printf 'type = "pv"\nname = "%s"\nkernel = "%s"\nmemory = 8\n' "$2" "$kernel" >"$1"; }
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
entry_of() { # entry_of DOMID: its index entry, if any
    xenstore-list /xenkit/indexed 2>/dev/null | grep "^$1-" ; }
uuid8() { xenstore-read "/local/domain/$1/vm" 2>/dev/null | cut -c5-12; }

for n in nx-a nx-b nx-c nx-d; do tp $n.cfg $n; done
check "create nx-a" xl create -p nx-a.cfg
a=$("$D" domid nx-a)
check_eq "its index entry is its id and UUID" "$a-$(uuid8 "$a")" "$(entry_of "$a")"
check_eq "its name's claim names it" "$a" "$(xenstore-read /xenkit/names/$(hex nx-a) 2>&1)"
check_fails "a second nx-a is refused" xl create -p nx-a.cfg
check_eq "  and leaves one nx-a" 1 "$("$D" list | awk '$1 == "nx-a"' | wc -l)"

# A rename leaves nx-a's claim pointing at a domain now called nx-b.
check "xl rename nx-a nx-b" xl rename nx-a nx-b
check_eq "the new name's claim names it" "$a" "$(xenstore-read /xenkit/names/$(hex nx-b) 2>&1)"
check "nx-a is free again (its claim is stale)" xl create -p nx-a.cfg
check_fails "nx-b is taken (by the renamed domain)" xl create -p nx-b.cfg
check_eq "  and nx-b is still one domain" 1 "$("$D" list | awk '$1 == "nx-b"' | wc -l)"

# Debian's xl destroys one of ours: its entry stays until our next create.
entry=$(entry_of "$a")
check "Debian's xl destroys nx-b" "$D" destroy nx-b
check_eq "  its entry is still there" "$entry" "$(entry_of "$a")"
check "  our create of nx-b works" xl create -p nx-b.cfg
check_eq "  and removed the dead domain's entry" "" "$(entry_of "$a")"

# Debian's domains are not indexed: their names are read.
check "Debian's xl creates nx-c" "$D" create -p nx-c.cfg
c=$("$D" domid nx-c)
check_eq "  it has no index entry" "" "$(entry_of "$c")"
check_fails "  our nx-c is refused" xl create -p nx-c.cfg

# Our destroy removes the entry.
d_a=$("$D" domid nx-a)
check "xl destroy nx-a" xl destroy nx-a
check_eq "  its entry is gone" "" "$(entry_of "$d_a")"
check "after all that, names can be reused" xl create -p nx-d.cfg
for n in nx-a nx-b nx-c nx-d; do "$D" destroy $n >/dev/null 2>&1; done
check_eq "no guest is left" "" "$(guest_domids)"

# Lookups by name, with more than 4 domains up: a claim that holds finds
# the domain in two reads (XENKIT_TIMING says which way it went); a stale
# one (Debian's xl renamed the domain) is passed over for the names.
for n in nx-f nx-p1 nx-p2 nx-p3 nx-p4; do tp $n.cfg $n; done
for n in nx-p1 nx-p2 nx-p3 nx-p4; do xl create -p $n.cfg >/dev/null 2>&1; done
check "create nx-f" xl create -p nx-f.cfg
f=$("$D" domid nx-f)
check_eq "xl unpause nx-f finds it by its claim" 1 \
    "$(XENKIT_TIMING=1 xl unpause nx-f 2>&1 | grep -c "by the name's claim")"
check_eq "  and it runs" "$f" "$("$D" list | awk '$1 == "nx-f" && $5 !~ /p/ {print $2}')"
check "Debian's xl renames nx-f to nx-g" "$D" rename nx-f nx-g
check_eq "xl pause nx-g (no claim) finds it by the names" 1 \
    "$(XENKIT_TIMING=1 xl pause nx-g 2>&1 | grep -c "lookup: [0-9]* names read")"
check_eq "  and it is paused" "$f" "$("$D" list | awk '$1 == "nx-g" && $5 ~ /p/ {print $2}')"
check_fails "xl pause nx-f (its claim is stale)" xl pause nx-f
check_eq "xl list Domain-0 reads domain 0's name alone" 1 \
    "$(XENKIT_TIMING=1 xl list Domain-0 2>&1 | grep -c "lookup: domain 0's name")"
check_eq "  and lists domain 0" "Domain-0 0" \
    "$(xl list Domain-0 | awk 'NR == 2 {print $1, $2}')"
check "xl destroy nx-g" xl destroy nx-g
for n in nx-p1 nx-p2 nx-p3 nx-p4; do "$D" destroy $n >/dev/null 2>&1; done
check_eq "  it is gone, and the others" "" "$(guest_domids)"

# Creates of one name at the same time: exactly one wins whatever the
# interleaving, decided by the name's claim or, for a name too long to
# have one (over 1500 bytes), by its name node, both written in the
# create's transaction; the others say why and leave nothing. Each also
# reaps what killed creates left, and must not take a running create for
# one of them.
long=$(printf 'nx-long-%01600d' 0)
tp nx-race.cfg nx-race
tp nx-long.cfg "$long"
for n in nx-race "$long"; do
    [ "$n" = nx-race ] && cfg=nx-race.cfg || cfg=nx-long.cfg
    for round in 1 2 3; do
        for i in 1 2 3 4; do
            ( xl create -p $cfg >race.$i.out 2>&1; echo $? >race.$i.rc ) &
        done
        wait
        won=0 refused=0
        for i in 1 2 3 4; do
            [ "$(cat race.$i.rc)" = 0 ] && won=$((won + 1))
            grep -q 'already exists' race.$i.out && refused=$((refused + 1))
        done
        check_eq "${n:0:12}, round $round: one of four creates wins" 1 $won
        check_eq "  the three others are refused as a taken name" 3 $refused
        if [ "$n" != nx-race ] && [ $round = 1 ]; then
            check_eq "  quoting the long name cut short" 3 "$(cat race.*.out |
                grep -c '"nx-long-0\{56\}\.\.\." already exists')"
        fi
        check_eq "  and one domain has the name" 1 \
            "$("$D" list | awk -v n="$n" '$1 == n' | wc -l)"
        "$D" destroy "$n" >/dev/null 2>&1
        check_eq "  nothing else is left" "" "$(guest_domids)"
    done
done

# The create asks which xenstored serves it, and stages the permissions of
# a domain's home only for the C one with more than 16 domains up: it
# visits every domain's connection on each write, oxenstored does not
# (store/daemon.h). XENKIT_TIMING names the daemon and the steps.
running=$LAB_XENSTORED
# With few domains up the plan is the same on both, and the home's first
# step goes out as soon as the domain exists, before the first exchange's
# replies (which say which xenstored it is) are read.
tp nx-e.cfg nx-e
XENKIT_TIMING=1 xl create -p nx-e.cfg >early.out 2>&1
check_eq "create nx-e, few domains up: step 0 goes before the replies" 1 \
    "$(grep -c "step 0 out before the first exchange's replies" early.out)"
check_eq "  then the replies, then the steps" \
    "step 0 out before|connections open to $running|step 0:|step 1:" \
    "$(grep -o "step 0 out before\|connections open to [a-z]*\|step [01]:" \
        early.out | paste -sd'|')"
check_eq "  the name's commit goes before the last step's other replies are in" \
    "commit sent|step 1:" \
    "$(grep -o "commit sent\|step 1:" early.out | paste -sd'|')"
check_eq "  it is up, named" nx-e "$(xenstore-read "/local/domain/$("$D" domid nx-e)/name")"
"$D" destroy nx-e >/dev/null 2>&1
for i in $(seq 1 17); do tp nx-m$i.cfg nx-m$i; xl create -p nx-m$i.cfg >/dev/null 2>&1; done
tp nx-s.cfg nx-s
XENKIT_TIMING=1 xl create -p nx-s.cfg >stage.out 2>&1
check_eq "with 18 domains up, step 0 waits for the replies" 0 \
    "$(grep -c "step 0 out before" stage.out)"
check_eq "create nx-s names the xenstored that runs ($running)" 1 \
    "$(grep -c "connections open to $running, first exchange" stage.out)"
[ "$running" = xenstored ] && steps=4 || steps=2
check_eq "  and writes the home in $steps steps, 18 domains up" $steps \
    "$(grep -c 'home: step [0-9]*:' stage.out)"
check_eq "  and its commit waits for the last step's replies there" 0 \
    "$(grep -c "commit sent" stage.out)"
check_eq "  it is up" 1 "$("$D" list | awk '$1 == "nx-s"' | wc -l)"
"$D" destroy nx-s >/dev/null 2>&1
for i in $(seq 1 17); do "$D" destroy nx-m$i >/dev/null 2>&1; done
check_eq "  all gone" "" "$(guest_domids)"
