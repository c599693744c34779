# create-basic: `xl create` builds a PV Linux guest that boots; the
# hypervisor, Debian's xl and xenstore see an ordinary domain; pause,
# unpause and destroy work and destroy leaves nothing behind.
# lab-timeout: 600

# xenstore-ls -fp of a tree with the domain's id, uuid, name and
# per-boot values masked, sorted: what two toolstacks should agree on.
norm_tree() {
    xenstore-ls -fp "$1" 2>/dev/null | grep -v "^/libxl/$2/xenkit" |
        sed -e "s#/$2/#/N/#g; s#/$2 #/N #g; s#/$2\"#/N\"#g" \
            -e "s/\([nrwb]\)$2\([,)]\)/\1N\2/g; s#\"$3\"#\"NAME\"#g" \
            -e "s/\(domid\|frontend-id\) = \"$2\"/\1 = \"N\"/" \
            -e 's/[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}/UUID/g' \
            -e 's/\(ring-ref\|port\|start_time\|tty\) = "[^"]*"/\1 = "V"/' | sort
}

domstate() { "$XL_DEBIAN" list "$1" 2>/dev/null | awk 'NR == 2 {print $5}'; }

guest_cfg ours.cfg xkbasic 128
guest_cfg theirs.cfg debbasic 128

check "xl create -p succeeds" xl create -p ours.cfg || exit 1
D=$(xl domid xkbasic)
check_eq "create says what it parses" "Parsing config from ours.cfg" \
    "$(xl create -n ours.cfg 2>&1 >/dev/null | head -1)"
line=$("$XL_DEBIAN" list xkbasic | awk 'NR == 2 {print $1, $3, $4}')
check_eq "Debian's xl lists it: name, 128 MiB, 1 vcpu" "xkbasic 128 1" "$line"
case $(domstate "$D") in *p*) _ok "created paused with -p" ;;
    *) _not_ok "created paused with -p"; diag "state $(domstate "$D")" ;; esac
check_eq "domain name in xenstore" xkbasic "$(xenstore-read /local/domain/$D/name)"
VM=$(xenstore-read /local/domain/$D/vm)
check_eq "/vm/UUID/uuid matches the hypervisor's handle" \
    "$("$XL_DEBIAN" list -v "$D" | awk 'NR == 2 {print $7}')" \
    "$(xenstore-read "$VM/uuid")"
check "xl uptime reads our start_time" xl uptime xkbasic
check "Debian's xl list -l reads our domain's config" \
    sh -c "'$XL_DEBIAN' list -l xkbasic 2>&1 | grep -q '\"name\": \"xkbasic\"'"

# Same layout and permissions as libxl's, node for node.
"$XL_DEBIAN" create -p theirs.cfg >/dev/null 2>&1
E=$("$XL_DEBIAN" domid debbasic)
for t in "/local/domain/%s" "/libxl/%s" "/local/domain/0/backend/console/%s"; do
    p_ours=$(printf "$t" "$D"); p_theirs=$(printf "$t" "$E")
    norm_tree "$p_theirs" "$E" debbasic >theirs.tree
    norm_tree "$p_ours" "$D" xkbasic >ours.tree
    check_same "same xenstore layout as Debian's xl: $t" theirs.tree ours.tree
done
norm_tree "$(xenstore-read /local/domain/$E/vm)" "$E" debbasic >theirs.tree
norm_tree "$VM" "$D" xkbasic >ours.tree
check_same "same xenstore layout as Debian's xl: /vm/UUID" theirs.tree ours.tree

check "xl unpause" xl unpause xkbasic
case $(domstate "$D") in *p*) _not_ok "running after unpause" ;;
    *) _ok "running after unpause" ;; esac
if wait_for_console xkbasic "$GUEST_MARKER" 120; then
    _ok "guest boots: marker in its console log"
else
    _not_ok "guest boots: marker in its console log"
    tail -5 "$(console_log xkbasic)" | diag -
fi
check "xl pause" xl pause xkbasic
case $(domstate "$D") in *p*) _ok "paused after pause" ;;
    *) _not_ok "paused after pause" ;; esac
check "xl unpause again" xl unpause "$D"
check "Debian's xl pauses ours" "$XL_DEBIAN" pause "$D"
check "Debian's xl unpauses ours" "$XL_DEBIAN" unpause "$D"
check "xl list shows it" sh -c "xl list | grep -q '^xkbasic '"

check "xl destroy" xl destroy xkbasic
if domain_exists "$D"; then _not_ok "gone after destroy"; else _ok "gone after destroy"; fi
left=$(xenstore-ls -f 2>/dev/null | grep -E "/local/domain/$D(/| )|$VM|/libxl/$D(/| )|backend/[a-z]+/$D(/| )|xkbasic")
check_eq "destroy leaves nothing in xenstore" "" "$left"

# Creating without -p runs it at once; the same name can be used again.
check "xl create (running) reuses the name" xl create ours.cfg
D=$(xl domid xkbasic)
case $(domstate "$D") in *p*) _not_ok "running without -p" ;;
    *) _ok "running without -p" ;; esac

# Debian's xl on our domain, ours on Debian's.
check "Debian's xl destroys our domain" "$XL_DEBIAN" destroy xkbasic
left=$(xenstore-ls -f 2>/dev/null | grep -E "/local/domain/$D(/| )|/libxl/$D(/| )|backend/[a-z]+/$D(/| )")
check_eq "nothing left after Debian's destroy" "" "$left"
check "we destroy Debian's domain" xl destroy debbasic
left=$(xenstore-ls -f 2>/dev/null | grep -E "/local/domain/$E(/| )|/libxl/$E(/| )|backend/[a-z]+/$E(/| )|debbasic")
check_eq "nothing left after our destroy of Debian's" "" "$left"
check_eq "libxl's userdata file removed" "" "$(ls /var/lib/xen/ 2>/dev/null | grep "userdata-d\.$E\.")"

check_fails "destroy of a missing domain fails" xl destroy 4000
check_fails "destroy of dom0 refused" xl destroy 0

# A uuid from the config may be an earlier domain's: what its /vm node
# still holds goes before the new one is written.
U=5a1e5a1e-0000-4000-8000-00000000c0de
xenstore-write /vm/$U/stale leftover
guest_cfg uuid.cfg xkuuid 128 "uuid = \"$U\""
check "xl create -p with a uuid whose /vm node is left over" xl create -p uuid.cfg
check_eq "  its /vm node holds the new domain's entries only" \
    "image name start_time uuid" "$(xenstore-list /vm/$U 2>&1 | sort | xargs)"
check "  xl destroy" xl destroy xkuuid
check_fails "  /vm/$U is gone with it" xenstore-exists /vm/$U
