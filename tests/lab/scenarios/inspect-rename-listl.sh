# inspect-rename-listl.sh: `xl rename` and `xl list -l` against Debian's xl
# in the same boot: messages and exit statuses, the xenstore nodes a rename
# changes, the JSON `xl list -l` prints (dom0 alone, Debian's domains, ours),
# and that Debian's `xl list -l` shows a domain our xl created exactly as
# one of its own (our stored config is the one libxl would store). A
# renamed guest that reboots comes back under its new name.
# lab-timeout: 900
D=$XL_DEBIAN
W=$SCENARIO_DIR
kernel=/usr/local/share/xenkit/guests/tinypv

# tp FILE NAME [LINE...]: a tinypv config, 8 MiB.
tp() {
    local f=$1 n=$2 l
    shift 2
    { echo "name = \"$n\""; echo 'type = "pv"'; echo "kernel = \"$kernel\""
      echo 'memory = 8'; for l in "$@"; do echo "$l"; done; } >"$f"
}
# mask_ids: hides what differs between two domains of one config: ids,
# UUIDs, names given as rl<X>.
mask_ids() {
    sed -E -e 's/"domid": [0-9]+,$/"domid": ID,/' \
           -e 's/"uuid": "[0-9a-f-]+"/"uuid": "UUID"/' \
           -e 's/"(rl|00:16:3e:)[^"]*"/"\1X"/' -e 's/img[A-Z]/imgX/'
}
# same_status_tail NAME ARGS...: Debian's xl and ours exit alike and end
# stderr with the same line (xl's own; the line before is the library's).
same_status_tail() {
    local name=$1
    shift
    "$D" "$@" >d.out 2>d.err; local drc=$?
    xl "$@" >o.out 2>o.err; local orc=$?
    check_eq "$name: exit status ($drc)" "$drc" "$orc"
    check_eq "$name: last line" "$(tail -1 d.err)" "$(tail -1 o.err)"
}
vm_name() { xenstore-read "/vm/$1/name" 2>/dev/null; }
dom_uuid() { xenstore-read "/local/domain/$1/vm" | sed 's|^/vm/||'; }

# ---- list -l with dom0 alone ----
same_as_debian "list -l, dom0 alone" cat list -l
same_as_debian "list -l 0" cat list -l 0
same_as_debian "list -l -v 0" cat list -l -v 0
same_as_debian "list -l of a name nobody has" cat list -l nosuch
same_as_debian "list -l of an id nobody has" cat list -l 4321
same_as_debian "list -l of two domains (usage)" cat list -l 0 0

# ---- a domain of each toolstack, same config ----
tp d.cfg rlA; tp o.cfg rlB
check "Debian's xl creates rlA" "$D" create -q d.cfg || exit 1
check "our xl creates rlB" xl create -q o.cfg || exit 1
idA=$($D domid rlA); idB=$($D domid rlB)
same_as_debian "list -l, all domains" cat list -l
same_as_debian "list -l of Debian's domain" cat list -l rlA
same_as_debian "list -l of ours" cat list -l "$idB"
"$D" list -l rlA | mask_ids >dA.json; "$D" list -l rlB | mask_ids >dB.json
check_same "Debian's list -l shows our domain as its own" dA.json dB.json
fA=$(ls /var/lib/xen/userdata-d.$idA.*.libxl-json)
fB=$(ls /var/lib/xen/userdata-d.$idB.*.libxl-json)
mask_ids <"$fA" | od -c >sA.txt; mask_ids <"$fB" | od -c >sB.txt
check_same "our stored config is libxl's, byte for byte (NUL included)" \
    sA.txt sB.txt

# ---- vcpus, maxmem, a disk and NICs (one MAC generated) ----
ip link add xenbr0 type bridge 2>/dev/null; ip link set xenbr0 up
truncate -s 4M "$W/imgC" "$W/imgE"
more() {
    echo 'vcpus = 2'; echo 'maxvcpus = 3'; echo 'maxmem = 16'
    echo 'on_crash = "preserve"'; echo 'extra = "x=1"'
    echo "disk = [ 'format=raw,vdev=xvda,access=w,target=$W/img$1' ]"
    echo "vif = [ 'bridge=xenbr0,mac=00:16:3e:11:22:3$2', 'bridge=xenbr0' ]"
}
tp c.cfg rlC $(true); more C 3 >>c.cfg
tp e.cfg rlE; more E 4 >>e.cfg
if check "Debian's xl creates rlC (disk, NICs)" "$D" create -q c.cfg &&
   check "our xl creates rlE (disk, NICs)" xl create -q e.cfg; then
    same_as_debian "list -l of Debian's rlC" cat list -l rlC
    same_as_debian "list -l of our rlE" cat list -l rlE
    "$D" list -l rlC | mask_ids >dC.json; "$D" list -l rlE | mask_ids >dE.json
    check_same "Debian's list -l shows our rlE as its own rlC" dC.json dE.json
    check "our generated MAC is in our stored config" sh -c \
        "$D network-list rlE | awk 'NR==3 {print \$3}' | xargs -I M grep -q '\"M\"' /var/lib/xen/userdata-d.$($D domid rlE).*"
    check "our xl detaches the disk" xl block-detach -f rlE xvda
    # Debian's xl adds a libxl warning on stderr for the dropped entry.
    "$D" list -l rlE >dE2.json 2>/dev/null; xl list -l rlE >oE2.json 2>/dev/null
    check_same "list -l drops a detached disk (stdout)" dE2.json oE2.json
    check "the disk is gone from it" sh -c "! grep -q pdev_path oE2.json"
fi
"$D" destroy rlC 2>/dev/null; "$D" destroy rlE 2>/dev/null
ip link del xenbr0 2>/dev/null

# ---- rename: usage and refusals ----
same_as_debian "rename without operands" cat rename
same_as_debian "rename with one operand" cat rename rlA
same_as_debian "rename of a name nobody has" cat rename nosuch x
same_as_debian "rename of an id nobody has" cat rename 4321 rlfree
same_as_debian "rename -N" cat -N rename rlA rlZ
same_status_tail "rename to a name in use" rename rlA rlB
check_eq "the refused rename left the name" rlA \
    "$(xenstore-read /local/domain/$idA/name)"
same_as_debian "rename to its own name" cat rename rlA rlA

# ---- rename: our xl on Debian's domain, Debian's on ours ----
uA=$(dom_uuid "$idA"); uB=$(dom_uuid "$idB")
check "our xl renames Debian's rlA to rlA2 (extra operands ignored)" \
    xl rename rlA rlA2 ignored
check_eq "/local/domain/$idA/name" rlA2 "$(xenstore-read /local/domain/$idA/name)"
check_eq "/vm/UUID/name of rlA2" rlA2 "$(vm_name "$uA")"
check_eq "Debian's xl finds it by its new name" "$idA" "$($D domid rlA2)"
same_as_debian "list -l after our rename" cat list -l rlA2
check "Debian's xl renames our rlB to rlB2" "$D" rename rlB rlB2
check_eq "/vm/UUID/name of rlB2" rlB2 "$(vm_name "$uB")"
same_as_debian "list -l of our renamed domain" cat list -l rlB2
check "our xl renames rlB2 to a name with quotes and a backslash" \
    xl rename rlB2 'we"ird\x'
same_as_debian "list -l shows the name escaped" cat list -l "$idB"
check "our xl renames it to the empty name" xl rename "$idB" ''
check_eq "its name node is empty" "" "$(xenstore-read /local/domain/$idB/name)"
check "and back to rlB by id" xl rename "$idB" rlB

# ---- dom0 ----
had_vm0=0; xenstore-exists /vm/00000000-0000-0000-0000-000000000000 && had_vm0=1
check "our xl renames dom0" xl rename 0 rldom0
check_eq "dom0's name node" rldom0 "$(xenstore-read /local/domain/0/name)"
check_eq "its /vm node of the nil UUID, as libxl writes it" rldom0 \
    "$(vm_name 00000000-0000-0000-0000-000000000000)"
same_as_debian "list -l of the renamed dom0" cat list -l 0
check "and back to Domain-0" xl rename rldom0 Domain-0
[ $had_vm0 = 0 ] && xenstore-rm /vm/00000000-0000-0000-0000-000000000000

# ---- a renamed guest of ours restarts under its new name ----
check "our xl renames rlB to rlB3" xl rename rlB rlB3
record_text $idB > rlB3.record
check "the monitor's record names rlB3" grep -q 'name="rlB3"' rlB3.record
check "our xl reboots rlB3" xl reboot rlB3
new=""
for i in $(seq 1 150); do
    new=$($D domid rlB3 2>/dev/null)
    [ -n "$new" ] && [ "$new" != "$idB" ] && break
    new=""; sleep 0.2
done
check "xenkit-monitord restarts it as rlB3 ($idB -> ${new:-none})" test -n "$new"
check_eq "no domain is named rlB again" "" "$($D domid rlB 2>/dev/null)"
same_as_debian "list -l at the end" cat list -l
