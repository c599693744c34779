# inspect-ours.sh: domains that OUR xl created look the same to Debian's xl
# and to ours: list (every column but Time(s)), -v (UUIDs), vm-list, domid,
# domname and uptime, which reads the start time our create recorded.
# lab-timeout: 600
D=$XL_DEBIAN
W=$SCENARIO_DIR

mask_uptime() {
    sed -E -e 's/^(.{33} +-?[0-9]+) .*/\1 UPTIME/' \
           -e 's/^ [0-9:]{8} up (.*), ([^,]*) \(([0-9]+)\)$/ NOW up UPTIME, \2 (\3)/'
}

guest_cfg "$W/g.cfg" ours1 128
check "our xl creates a paused guest" xl create -p "$W/g.cfg" || exit 1
check "our xl creates a running guest" xl create "$W/g.cfg" 'name="ours2"'
id1=$($D domid ours1); id2=$($D domid ours2)

same_as_debian "list" mask_cpu_time list
same_as_debian "list -v" mask_cpu_time list -v
same_as_debian "list -c" mask_cpu_time list -c
same_as_debian "list by name" mask_cpu_time list ours1
same_as_debian "list by id" mask_cpu_time list "$id2"
same_as_debian "vm-list" cat vm-list
same_as_debian "sharing" cat sharing
same_as_debian "domid" cat domid ours2
same_as_debian "domname" cat domname "$id1"
same_as_debian "uptime" mask_uptime uptime
same_as_debian "uptime by name" mask_uptime uptime ours1 ours2
check "our xl destroys them" sh -c "xl destroy ours1 && xl destroy ours2"
same_as_debian "list after destroy" mask_cpu_time list
