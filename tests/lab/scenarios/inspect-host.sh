# inspect-host.sh: `xl info` in all its forms against Debian's xl on the same
# host, and the domain lists that need no guest (vm-list, claims).
# lab-timeout: 300
D=$XL_DEBIAN
W=$SCENARIO_DIR


same_as_debian "info" cat info
same_as_debian "info -n (topology, devices, NUMA)" cat info -n
same_as_debian "info --numa" cat info --numa
same_as_debian "info NAME prints one value" cat info free_memory
same_as_debian "info PREFIX prints every matching value" cat info xen
same_as_debian "info of a name that is no line" cat info nosuch
same_as_debian "info ignores operands after the first" cat info nr_cpus max_cpu_id
same_as_debian "info -n ignores the filter" cat info -n xen_major
same_as_debian "vm-list" cat vm-list
same_as_debian "claims" mask_cpu_time claims
same_as_debian "info again (nothing changed in between)" cat info
same_as_debian "dmesg" cat dmesg
same_as_debian "dmesg -h" cat dmesg -h
# -c empties the ring as it reads it: what ours printed is gone afterwards.
before=$($D dmesg | wc -l)
xl dmesg -c >"$W/cleared" 2>&1; rc=$?
after=$($D dmesg | wc -l)
check_eq "dmesg -c exits 0" 0 "$rc"
if [ "$(wc -l <"$W/cleared")" -ge "$before" ] && [ "$after" -lt "$before" ]; then
    _ok "dmesg -c prints the ring and clears it"
else
    _not_ok "dmesg -c prints the ring and clears it"
    diag "lines: before $before, printed $(wc -l <"$W/cleared"), after $after"
fi
