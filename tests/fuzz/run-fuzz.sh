#!/bin/sh
# run-fuzz.sh: builds the config parser's libFuzzer target with clang
# (AddressSanitizer + UBSan) and runs it for a bounded time from seeds made
# of tests/config. `make check` runs it for about a minute.
#   run-fuzz.sh SOURCE_ROOT WORK_DIR [SECONDS]
set -eu
src=$1
work=$2
secs=${3:-${FUZZ_SECONDS:-60}}
mkdir -p "$work/seeds" "$work/corpus"
bin=$work/fuzz_config

clang -g -O1 -D_GNU_SOURCE -std=gnu11 \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$src/include" -I"$src/lib" \
    "$src/tests/fuzz/fuzz_config.c" "$src"/lib/config/*.c \
    "$src/lib/core/context.c" "$src/lib/core/strerror.c" \
    "$src/lib/core/timing.c" \
    "$src/lib/device/vdev.c" -ljansson -o "$bin.new"
mv "$bin.new" "$bin"

# Seeds: every config of tests/config as a whole config (mode byte 0), and
# spec strings for the disk (3) and vif (4) modes.
for f in "$src"/tests/config/corpus/*.cfg "$src"/tests/config/errors/*.cfg; do
    n=$(basename "$f" .cfg)
    { printf '\000'; cat "$f"; } > "$work/seeds/$n"
done
i=0
for s in '/dev/vg/guest-volume,,hda' 'raw:/root/image.iso,hdc:cdrom,ro' \
         'format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/i' \
         ',,hdc:cdrom,r' 'nbd:h:1,xvda,w'; do
    printf '\003%s' "$s" > "$work/seeds/disk$i"; i=$((i + 1))
done
for s in 'mac=00:16:3e:01:02:03,bridge=xenbr0,rate=10Mb/s@20ms' \
         'type=ioemu,model=e1000,ip=1.2.3.4,trusted'; do
    printf '\004%s' "$s" > "$work/seeds/vif$i"; i=$((i + 1))
done
printf '\005vnc=1,vnclisten=0.0.0.0,vncdisplay=2' > "$work/seeds/vfb"
printf '\006name=a,connection=socket,path=/x' > "$work/seeds/channel"
printf '\007name="a"\nkernel="/k"\000memory=5\000vif=["bridge=b"]' \
    > "$work/seeds/overrides"

cd "$work"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
"$bin" -max_total_time="$secs" -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$work/crash-" corpus seeds > fuzz.log 2>&1 || {
    tail -60 fuzz.log
    echo "fuzz_config: a finding; the input is in $work/crash-*" >&2
    exit 1
}
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' fuzz.log)
echo "fuzz_config: $runs executions in ${secs}s without a finding"
[ "${runs:-0}" -gt 0 ]
