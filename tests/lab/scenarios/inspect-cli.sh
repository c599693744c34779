# inspect-cli.sh: our xl's command-line framework against Debian's xl on the
# same host: the command list, `xl help [CMD]`, `CMD -h`, prefixes, unknown
# commands and options, global options, and their exit codes.
# lab-timeout: 300
D=$XL_DEBIAN
W=$SCENARIO_DIR


same_as_debian "no arguments prints the command list" cat 
same_as_debian "help prints the command list" cat help
same_as_debian "help help" cat help help
same_as_debian "help of a command with options" cat help list
same_as_debian "help of a command without options" cat help domid
same_as_debian "help with empty options" cat help claims
same_as_debian "help of a modifying command with dry run" cat help create
same_as_debian "help by unambiguous prefix" cat help unp
same_as_debian "help of an unknown command" cat help frobnicate
same_as_debian "help takes only its first operand" cat help info list
same_as_debian "-h prints the command's help" cat list -h
same_as_debian "--help prints the command's help" cat info --help
same_as_debian "-h wins over operands" cat domname -h 3
same_as_debian "unknown command" cat frobnicate
same_as_debian "ambiguous prefix is an unknown command" cat de
same_as_debian "a prefix of help is an unknown command" cat hel
same_as_debian "unknown short option" cat list -q
same_as_debian "missing operand" cat domid
same_as_debian "missing operand of domname" cat domname
same_as_debian "-N with a command without dry run" cat -N list
same_as_debian "unambiguous prefix runs the command" mask_cpu_time li 0
same_as_debian "global -v and -t are accepted" mask_cpu_time -v -t list 0
same_as_debian "two domains for list print its help" cat list 0 0

# getopt names the program in its own line, so compare the rest.
"$D" -x list >"$W/d.out" 2>"$W/d.err"; drc=$?
xl -x list >"$W/o.out" 2>"$W/o.err"; orc=$?
check_eq "unknown global option: status" "$drc" "$orc"
check_eq "unknown global option: message" "$(sed 's/^[^:]*: //' "$W/d.err")" \
    "$(sed 's/^[^:]*: //' "$W/o.err")"

# xenkit's own rule: listed commands it lacks fail clearly, with status 1.
out=$(xl psr-hwinfo 2>&1); rc=$?
check_eq "an unimplemented command says so" \
    "1 command \"psr-hwinfo\" is not implemented by xenkit yet" "$rc $out"
