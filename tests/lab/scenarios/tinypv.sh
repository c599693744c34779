# tinypv.sh: the tiny PV test kernel (guests/tinypv, installed with our build)
# under Debian's xl: it logs "tinypv: up" on its console, blocks instead of
# spinning, advertises feature-poweroff/-reboot, and answers xl shutdown
# (reason poweroff; shutdown -w ends the domain) and xl reboot (reason reboot).
# lab-timeout: 300
D=$XL_DEBIAN
kernel=/usr/local/share/xenkit/guests/tinypv

# tp_cfg FILE NAME [EXTRA_LINE...]: a tinypv config, memory 8 MiB.
tp_cfg() {
    local file=$1 name=$2 l
    shift 2
    {
        echo "name = \"$name\""
        echo 'type = "pv"'
        echo "kernel = \"$kernel\""
        echo 'memory = 8'
        for l in "$@"; do echo "$l"; done
    } >"$file"
}

# field DOMID N: field N of the domain's line in `xl list -v`
# (5 state, 6 cpu time, 8 shutdown reason code).
field() { "$D" list -v "$1" 2>/dev/null | awk -v n="$2" 'NR == 2 {print $n}'; }

# wait_shutdown DOMID [TIMEOUT_S]: waits until the domain has shut down
# (the fourth state letter is "s").
wait_shutdown() {
    local i=0 t=${2:-30}
    until [ "$(field "$1" 5 | cut -c4)" = s ]; do
        [ $i -ge $((t * 5)) ] && return 1
        sleep 0.2
        i=$((i + 1))
    done
}

check "the tinypv kernel is installed at $kernel" test -s "$kernel" || exit 1

# Console, features, blocking, and poweroff through xl shutdown -w.
tp_cfg a.cfg tinypv-a
check "Debian's xl creates tinypv with memory = 8" $D create a.cfg || exit 1
a=$($D domid tinypv-a)
check "its console log has 'tinypv: up' within 60 s" \
    wait_for_console tinypv-a "tinypv: up" 60
check_eq "it writes control/feature-poweroff = 1" 1 \
    "$(xenstore-read /local/domain/$a/control/feature-poweroff 2>&1)"
check_eq "it writes control/feature-reboot = 1" 1 \
    "$(xenstore-read /local/domain/$a/control/feature-reboot 2>&1)"
sleep 5
cpu=$(field $a 6)
check "it blocks: under 1 s of CPU after 5 s up (had ${cpu:-?} s)" \
    awk -v c="${cpu:-x}" 'BEGIN { exit !(c ~ /^[0-9.]+$/ && c < 1.0) }'
check "xl shutdown -w returns once it has powered off" \
    timeout 60 $D shutdown -w tinypv-a
check "the domain is gone within 30 s" wait_gone $a 30
check "its console log says 'tinypv: poweroff'" \
    grep -qaF "tinypv: poweroff" "$(console_log tinypv-a)"

# It needs less than the 8 MiB the configs give it.
tp_cfg s.cfg tinypv-small
sed -i 's/^memory = 8$/memory = 4/' s.cfg
check "Debian's xl creates tinypv with memory = 4" $D create s.cfg
check "with 4 MiB it is up within 60 s" wait_for_console tinypv-small "tinypv: up" 60
$D destroy tinypv-small >/dev/null 2>&1

# on_poweroff = "preserve": the domain stays, shut down with reason poweroff.
# (xl renames a preserved domain, so it is followed by domid.)
tp_cfg b.cfg tinypv-b 'on_poweroff = "preserve"'
check "Debian's xl creates tinypv-b (on_poweroff preserve)" $D create b.cfg
b=$($D domid tinypv-b)
check "tinypv-b is up within 60 s" wait_for_console tinypv-b "tinypv: up" 60
check "Debian's xl shutdown asks it to power off" $D shutdown ${b:-none}
check "tinypv-b is shut down (state s) within 30 s" wait_shutdown ${b:-none} 30
check_eq "xl list shows state ---s-- (poweroff)" ---s-- "$(field ${b:-none} 5)"
check_eq "xl list -v shows shutdown reason 0 (poweroff)" 0 "$(field ${b:-none} 8)"
check_eq "it acknowledged by emptying control/shutdown" "" \
    "$(xenstore-read /local/domain/$b/control/shutdown 2>&1)"
$D destroy ${b:-none} >/dev/null 2>&1

# on_reboot = "preserve": xl reboot leaves it shut down with reason reboot.
tp_cfg c.cfg tinypv-c 'on_reboot = "preserve"'
check "Debian's xl creates tinypv-c (on_reboot preserve)" $D create c.cfg
c=$($D domid tinypv-c)
check "tinypv-c is up within 60 s" wait_for_console tinypv-c "tinypv: up" 60
check "Debian's xl reboot asks it to reboot" $D reboot ${c:-none}
check "tinypv-c is shut down (state s) within 30 s" wait_shutdown ${c:-none} 30
check_eq "xl list shows state ---sr- (reboot)" ---sr- "$(field ${c:-none} 5)"
check_eq "xl list -v shows shutdown reason 1 (reboot)" 1 "$(field ${c:-none} 8)"
$D destroy ${c:-none} >/dev/null 2>&1
exit 0
