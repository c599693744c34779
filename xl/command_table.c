/*
 * command_table.c: every command of Xen 4.17's xl, in xl's order, with the
 * summaries, usage and option texts that `xl help` prints, and the lookup
 * that accepts unambiguous prefixes.
 *
 * Fields: name, handler, can_dryrun, modifies, summary, usage, options.
 *
 * Commands xenkit does not implement yet are listed with a NULL handler.
 * Why list them at all: `xl help` then prints exactly what Debian's xl does,
 * and prefix matching resolves exactly as it does there (with a shorter
 * table, `xl de` would silently mean `destroy` instead of being ambiguous
 * between destroy, debug-keys and devd). Running one prints
 * "command "NAME" is not implemented by xenkit yet" and exits 1, the status
 * xl itself gives an unknown command, so a script sees a plain failure, never
 * a silent success. To implement a command, put its handler here in place
 * of NULL and declare it in commands.h.
 */
#include <stddef.h>
#include <string.h>

#include "commands.h"

const struct xl_command xl_commands[] = {
    { "create", cmd_create, 1, 1,
      "Create a domain from config file <filename>",
      "<ConfigFile> [options] [vars]",
      "-c                      Connect to the console after the domain is created.\n"
      "-d                      Enable debug messages.\n"
      "-e                      Do not wait in the background for the death of the domain.\n"
      "-F                      Run in foreground until death of the domain.\n"
      "-f FILE, --defconfig=FILE\n"
      "                     Use the given configuration file.\n"
      "-h                      Print this help.\n"
      "-n, --dryrun            Dry run - prints the resulting configuration\n"
      "                         (deprecated in favour of global -N option).\n"
      "-p                      Leave the domain paused after it is created.\n"
      "-q, --quiet             Quiet.\n"
      "-V, --vncviewer         Connect to the VNC display after the domain is created.\n"
      "-A, --vncviewer-autopass\n"
      "                        Pass VNC password to viewer via stdin.\n"
      "--ignore-global-affinity-masks Ignore global masks in xl.conf." },
    { "config-update", NULL, 1, 1,
      "Update a running domain's saved configuration, used when rebuilding the domain after reboot.\n"
      "WARNING: xl now has better capability to manage domain configuration, avoid using this command when possible",
      "<Domain> <ConfigFile> [options] [vars]",
      "-h                      Print this help.\n"
      "-f FILE, --defconfig=FILE\n"
      "                     Use the given configuration file.\n"
      "-d                      Enable debug messages.\n" },
    { "list", cmd_list, 0, 0,
      "List information about all/some domains",
      "[options] [Domain]\n",
      "-l, --long              Output all VM details\n"
      "-v, --verbose           Prints out UUIDs and security context\n"
      "-Z, --context           Prints out security context\n"
      "-c, --cpupool           Prints the cpupool the domain is in\n"
      "-n, --numa              Prints out NUMA node affinity" },
    { "destroy", cmd_destroy, 0, 1,
      "Terminate a domain immediately",
      "[options] <Domain>\n",
      "-f                      Permit destroying domain 0, which will only succeed\n"
      "                        when run from disaggregated toolstack domain with a\n"
      "                        hardware domain distinct from domain 0." },
    { "shutdown", cmd_shutdown, 0, 1,
      "Issue a shutdown signal to a domain",
      "[options] <-a|Domain>",
      "-a, --all               Shutdown all guest domains.\n"
      "-h                      Print this help.\n"
      "-F                      Fallback to ACPI power event for HVM guests with\n"
      "                        no PV drivers.\n"
      "-w, --wait              Wait for guest(s) to shutdown.\n" },
    { "reboot", cmd_reboot, 0, 1,
      "Issue a reboot signal to a domain",
      "[options] <-a|Domain>",
      "-a, --all               Shutdown all guest domains.\n"
      "-h                      Print this help.\n"
      "-F                      Fallback to ACPI reset event for HVM guests with\n"
      "                        no PV drivers.\n"
      "-w, --wait              Wait for guest(s) to reboot.\n" },
    { "pci-attach", NULL, 0, 1,
      "Insert a new pass-through pci device",
      "<Domain> <PCI_SPEC_STRING>",
      NULL },
    { "pci-detach", NULL, 0, 1,
      "Remove a domain's pass-through pci device",
      "<Domain> <PCI_SPEC_STRING>",
      NULL },
    { "pci-list", NULL, 0, 0,
      "List pass-through pci devices for a domain",
      "<Domain>",
      NULL },
    { "pci-assignable-add", NULL, 0, 1,
      "Make a device assignable for pci-passthru",
      "[options] <BDF>",
      "-n NAME, --name=NAME    Name the assignable device.\n"
      "-h                      Print this help.\n" },
    { "pci-assignable-remove", NULL, 0, 1,
      "Remove a device from being assignable",
      "[options] <BDF>|NAME",
      "-h                      Print this help.\n"
      "-r                      Attempt to re-assign the device to the\n"
      "                        original driver." },
    { "pci-assignable-list", NULL, 0, 0,
      "List all the assignable pci devices",
      "[options]",
      "-h                      Print this help.\n"
      "-n, --show-names        Display assignable device names where\n"
      "                        supplied.\n" },
    { "pause", cmd_pause, 0, 1,
      "Pause execution of a domain",
      "<Domain>",
      NULL },
    { "unpause", cmd_unpause, 0, 1,
      "Unpause a paused domain",
      "<Domain>",
      NULL },
    { "console", cmd_console, 0, 0,
      "Attach to domain's console",
      "[options] <Domain>\n"
      "-t <type>       console type, pv , serial or vuart\n"
      "-n <number>     console number",
      NULL },
    { "vncviewer", NULL, 0, 0,
      "Attach to domain's VNC server.",
      "[options] <Domain>\n"
      "--autopass               Pass VNC password to viewer via stdin and\n"
      "                         -autopass\n"
      "--vncviewer-autopass     (consistency alias for --autopass)",
      NULL },
    { "save", NULL, 0, 1,
      "Save a domain state to restore later",
      "[options] <Domain> <CheckpointFile> [<ConfigFile>]",
      "-h  Print this help.\n"
      "-c  Leave domain running after creating the snapshot.\n"
      "-p  Leave domain paused after creating the snapshot.\n"
      "-D  Store the domain id in the configuration." },
    { "migrate", NULL, 0, 1,
      "Migrate a domain to another host",
      "[options] <Domain> <host>",
      "-h              Print this help.\n"
      "-C <config>     Send <config> instead of config file from creation.\n"
      "-s <sshcommand> Use <sshcommand> instead of ssh.  String will be passed\n"
      "                to sh. If empty, run <host> instead of ssh <host> xl\n"
      "                migrate-receive [-d -e]\n"
      "-e              Do not wait in the background (on <host>) for the death\n"
      "                of the domain.\n"
      "--debug         Print huge (!) amount of debug during the migration process.\n"
      "-p              Do not unpause domain after migrating it.\n"
      "-D              Preserve the domain id" },
    { "restore", NULL, 0, 1,
      "Restore a domain from a saved state",
      "[options] [<ConfigFile>] <CheckpointFile>",
      "-h                       Print this help.\n"
      "-p                       Do not unpause domain after restoring it.\n"
      "-e                       Do not wait in the background for the death of the domain.\n"
      "-d                       Enable debug messages.\n"
      "-V, --vncviewer          Connect to the VNC display after the domain is created.\n"
      "-A, --vncviewer-autopass Pass VNC password to viewer via stdin." },
    { "migrate-receive", NULL, 0, 1,
      "Restore a domain from a saved state",
      "- for internal use only",
      NULL },
    { "dump-core", NULL, 0, 1,
      "Core dump a domain",
      "<Domain> <filename>",
      NULL },
    { "cd-insert", NULL, 1, 1,
      "Insert a cdrom into a guest's cd drive",
      "<Domain> <VirtualDevice> <path>",
      NULL },
    { "cd-eject", NULL, 1, 1,
      "Eject a cdrom from a guest's cd drive",
      "<Domain> <VirtualDevice>",
      NULL },
    { "mem-max", NULL, 0, 1,
      "Set the maximum amount reservation for a domain",
      "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>",
      NULL },
    { "mem-set", NULL, 0, 1,
      "Set the current memory usage for a domain",
      "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>",
      NULL },
    { "button-press", NULL, 0, 1,
      "Indicate an ACPI button press to the domain",
      "<Domain> <Button>",
      "<Button> may be 'power' or 'sleep'." },
    { "vcpu-list", NULL, 0, 0,
      "List the VCPUs for all/some domains",
      "[Domain, ...]",
      NULL },
    { "vcpu-pin", NULL, 1, 1,
      "Set which CPUs a VCPU can use",
      "[option] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>",
      "-f, --force        undo an override pinning done by the kernel\n"
      "--ignore-global-affinity-masks Ignore global masks in xl.conf" },
    { "vcpu-set", NULL, 0, 1,
      "Set the number of active VCPUs allowed for the domain",
      "[option] <Domain> <vCPUs>",
      "-i, --ignore-host  Don't limit the vCPU based on the host CPU count" },
    { "vm-list", cmd_vm_list, 0, 0,
      "List guest domains, excluding dom0, stubdoms, etc.",
      "",
      NULL },
    { "info", cmd_info, 0, 0,
      "Get information about Xen host",
      "-n, --numa         List host NUMA topology information",
      NULL },
    { "sharing", cmd_sharing, 0, 0,
      "Get information about page sharing",
      "[Domain]",
      NULL },
    { "sched-credit", NULL, 0, 1,
      "Get/set credit scheduler parameters",
      "[-d <Domain> [-w[=WEIGHT]|-c[=CAP]]] [-s [-t TSLICE] [-r RATELIMIT]] [-p CPUPOOL]",
      "-d DOMAIN, --domain=DOMAIN        Domain to modify\n"
      "-w WEIGHT, --weight=WEIGHT        Weight (int)\n"
      "-c CAP, --cap=CAP                 Cap (int)\n"
      "-s         --schedparam           Query / modify scheduler parameters\n"
      "-t TSLICE, --tslice_ms=TSLICE     Set the timeslice, in milliseconds\n"
      "-r RLIMIT, --ratelimit_us=RLIMIT  Set the scheduling rate limit, in microseconds\n"
      "-m DLY, --migration_delay_us=DLY  Set the migration delay, in microseconds\n"
      "-p CPUPOOL, --cpupool=CPUPOOL     Restrict output to CPUPOOL" },
    { "sched-credit2", NULL, 0, 1,
      "Get/set credit2 scheduler parameters",
      "[-d <Domain> [-w[=WEIGHT]]] [-p CPUPOOL]",
      "-d DOMAIN, --domain=DOMAIN     Domain to modify\n"
      "-w WEIGHT, --weight=WEIGHT     Weight (int)\n"
      "-c CAP,    --cap=CAP           Cap (int)\n"
      "-s         --schedparam        Query / modify scheduler parameters\n"
      "-r RLIMIT, --ratelimit_us=RLIMIT Set the scheduling rate limit, in microseconds\n"
      "-p CPUPOOL, --cpupool=CPUPOOL  Restrict output to CPUPOOL" },
    { "sched-rtds", NULL, 0, 1,
      "Get/set rtds scheduler parameters",
      "[-d <Domain> [-v[=VCPUID/all]] [-p[=PERIOD]] [-b[=BUDGET]] [-e[=Extratime]]]",
      "-d DOMAIN, --domain=DOMAIN     Domain to modify\n"
      "-v VCPUID/all, --vcpuid=VCPUID/all    VCPU to modify or output;\n"
      "               Using '-v all' to modify/output all vcpus\n"
      "-p PERIOD, --period=PERIOD     Period (us)\n"
      "-b BUDGET, --budget=BUDGET     Budget (us)\n"
      "-e Extratime, --extratime=Extratime Extratime (1=yes, 0=no)\n" },
    { "domid", cmd_domid, 0, 0,
      "Convert a domain name to domain id",
      "<DomainName>",
      NULL },
    { "domname", cmd_domname, 0, 0,
      "Convert a domain id to domain name",
      "<DomainId>",
      NULL },
    { "rename", cmd_rename, 0, 1,
      "Rename a domain",
      "<Domain> <NewDomainName>",
      NULL },
    { "trigger", NULL, 0, 1,
      "Send a trigger to a domain",
      "<Domain> <nmi|reset|init|power|sleep|s3resume> [<VCPU>]",
      NULL },
    { "sysrq", NULL, 0, 1,
      "Send a sysrq to a domain",
      "<Domain> <letter>",
      NULL },
    { "debug-keys", NULL, 0, 1,
      "Send debug keys to Xen",
      "<Keys>",
      NULL },
    { "set-parameters", NULL, 0, 1,
      "Set hypervisor parameters",
      "<Params>",
      NULL },
    { "dmesg", cmd_dmesg, 0, 0,
      "Read and/or clear dmesg buffer",
      "[-c]",
      "  -c                        Clear dmesg buffer as well as printing it" },
    { "top", cmd_top, 0, 0,
      "Monitor a host and the domains in real time",
      "",
      NULL },
    { "network-attach", cmd_network_attach, 1, 1,
      "Create a new virtual network device",
      "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] [script=<script>] [backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>] [accel=<accel>] [mtu=<mtu>]",
      NULL },
    { "network-list", cmd_network_list, 0, 0,
      "List virtual network interfaces for a domain",
      "<Domain(s)>",
      NULL },
    { "network-detach", cmd_network_detach, 0, 1,
      "Destroy a domain's virtual network device",
      "<Domain> <DevId|mac>",
      NULL },
    { "channel-list", NULL, 0, 0,
      "List virtual channel devices for a domain",
      "<Domain(s)>",
      NULL },
    { "block-attach", cmd_block_attach, 1, 1,
      "Create a new virtual block device",
      "<Domain> <disk-spec-component(s)>...",
      NULL },
    { "block-list", cmd_block_list, 0, 0,
      "List virtual block devices for a domain",
      "<Domain(s)>",
      NULL },
    { "block-detach", cmd_block_detach, 0, 1,
      "Destroy a domain's virtual block device",
      "[option] <Domain> <DevId>",
      "-f, --force        do not wait for the domain to release the device" },
    { "vtpm-attach", NULL, 1, 1,
      "Create a new virtual TPM device",
      "<Domain> [uuid=<uuid>] [backend=<BackDomain>]",
      NULL },
    { "vtpm-list", NULL, 0, 0,
      "List virtual TPM devices for a domain",
      "<Domain(s)>",
      NULL },
    { "vtpm-detach", NULL, 0, 1,
      "Destroy a domain's virtual TPM device",
      "<Domain> <DevId|uuid>",
      NULL },
    { "vkb-attach", NULL, 1, 1,
      "Create a new virtual keyboard device",
      "<Domain> <vkb-spec-component(s)>...",
      NULL },
    { "vkb-list", NULL, 0, 0,
      "List virtual keyboard devices for a domain",
      "<Domain(s)>",
      NULL },
    { "vkb-detach", NULL, 0, 1,
      "Destroy a domain's virtual keyboard device",
      "<Domain> <DevId>",
      NULL },
    { "vdispl-attach", NULL, 1, 1,
      "Create a new virtual display device",
      "<Domain> [backend=<BackDomain>] [be-alloc=<BackAlloc>] [connectors='<Connectors>']",
      "    BackAlloc  - set to 1 to if backend allocates display buffers\n"
      "    Connectors - list of connector's description in ID:WxH format,\n"
      "                 where: ID - unique connector ID, W - connector width,\n"
      "                 H - connector height: connectors='id0:800x600;id1:1024x768'\n" },
    { "vdispl-list", NULL, 0, 0,
      "List virtual display devices for a domain",
      "<Domain(s)>",
      NULL },
    { "vdispl-detach", NULL, 0, 1,
      "Destroy a domain's virtual display device",
      "<Domain> <DevId>",
      NULL },
    { "vsnd-attach", NULL, 1, 1,
      "Create a new virtual sound device",
      "<Domain> <vsnd-spec-component(s)>...",
      NULL },
    { "vsnd-list", NULL, 0, 0,
      "List virtual display devices for a domain",
      "<Domain(s)>",
      NULL },
    { "vsnd-detach", NULL, 0, 1,
      "Destroy a domain's virtual sound device",
      "<Domain> <DevId>",
      NULL },
    { "uptime", cmd_uptime, 0, 0,
      "Print uptime for all/some domains",
      "[-s] [Domain]",
      NULL },
    { "claims", cmd_claims, 0, 0,
      "List outstanding claim information about all domains",
      "",
      "" },
    { "cpupool-create", NULL, 1, 1,
      "Create a new CPU pool",
      "[options] [<ConfigFile>] [Variable=value ...]",
      "-h, --help                   Print this help.\n"
      "-f FILE, --defconfig=FILE    Use the given configuration file.\n"
      "-n, --dryrun                 Dry run - prints the resulting configuration.\n"
      "                              (deprecated in favour of global -N option).\n"
      "\n"
      "See the xlcpupool.cfg(5) manpage for more information." },
    { "cpupool-list", NULL, 0, 0,
      "List CPU pools on host",
      "[-c|--cpus] [<CPU Pool>]",
      "-c, --cpus                     Output list of CPUs used by a pool" },
    { "cpupool-destroy", NULL, 0, 1,
      "Deactivates a CPU pool",
      "<CPU Pool>",
      NULL },
    { "cpupool-rename", NULL, 0, 1,
      "Renames a CPU pool",
      "<CPU Pool> <new name>",
      NULL },
    { "cpupool-cpu-add", NULL, 0, 1,
      "Adds a CPU to a CPU pool",
      "<CPU Pool> <CPU nr>|node:<node nr>",
      NULL },
    { "cpupool-cpu-remove", NULL, 0, 1,
      "Removes a CPU from a CPU pool",
      "<CPU Pool> <CPU nr>|node:<node nr>",
      NULL },
    { "cpupool-migrate", NULL, 0, 1,
      "Moves a domain into a CPU pool",
      "<Domain> <CPU Pool>",
      NULL },
    { "cpupool-numa-split", NULL, 0, 1,
      "Splits up the machine into one CPU pool per NUMA node",
      "",
      NULL },
    { "getenforce", NULL, 0, 0,
      "Returns the current enforcing mode of the Flask Xen security module",
      "",
      NULL },
    { "setenforce", NULL, 0, 1,
      "Sets the current enforcing mode of the Flask Xen security module",
      "<1|0|Enforcing|Permissive>",
      NULL },
    { "loadpolicy", NULL, 0, 1,
      "Loads a new policy into the Flask Xen security module",
      "<policy file>",
      NULL },
    { "remus", NULL, 0, 1,
      "Enable Remus HA for domain",
      "[options] <Domain> [<host>]",
      "-i MS                   Checkpoint domain memory every MS milliseconds (def. 200ms).\n"
      "-u                      Disable memory checkpoint compression.\n"
      "-s <sshcommand>         Use <sshcommand> instead of ssh.  String will be passed\n"
      "                        to sh. If empty, run <host> instead of \n"
      "                        ssh <host> xl migrate-receive -r [-e]\n"
      "-e                      Do not wait in the background (on <host>) for the death\n"
      "                        of the domain.\n"
      "-N <netbufscript>       Use netbufscript to setup network buffering instead of the\n"
      "                        default script (/etc/xen/scripts/remus-netbuf-setup).\n"
      "-F                      Enable unsafe configurations [-b|-n|-d flags]. Use this option\n"
      "                        with caution as failover may not work as intended.\n"
      "-b                      Replicate memory checkpoints to /dev/null (blackhole).\n"
      "                        Works only in unsafe mode.\n"
      "-n                      Disable network output buffering. Works only in unsafe mode.\n"
      "-d                      Disable disk replication. Works only in unsafe mode.\n"
      "-c                      Enable COLO HA. It is conflict with -i and -b, and memory\n"
      "                        checkpoint must be disabled.\n"
      "-p                      Use COLO userspace proxy." },
    { "devd", NULL, 0, 1,
      "Daemon that listens for devices and launches backends",
      "[options]",
      "-F                      Run in the foreground.\n"
      "-p, --pidfile [FILE]    Write PID to pidfile when daemonizing." },
    { "psr-hwinfo", NULL, 0, 1,
      "Show hardware information for Platform Shared Resource",
      "[options]",
      "-m, --cmt       Show Cache Monitoring Technology (CMT) hardware info\n"
      "-a, --cat       Show Cache Allocation Technology (CAT) hardware info\n"
      "-b, --mba       Show Memory Bandwidth Allocation (MBA) hardware info\n" },
    { "psr-cmt-attach", NULL, 0, 1,
      "Attach Cache Monitoring Technology service to a domain",
      "<Domain>",
      NULL },
    { "psr-cmt-detach", NULL, 0, 1,
      "Detach Cache Monitoring Technology service from a domain",
      "<Domain>",
      NULL },
    { "psr-cmt-show", NULL, 0, 1,
      "Show Cache Monitoring Technology information",
      "<PSR-CMT-Type> <Domain>",
      "Available monitor types:\n"
      "\"cache-occupancy\":         Show L3 cache occupancy(KB)\n"
      "\"total-mem-bandwidth\":     Show total memory bandwidth(KB/s)\n"
      "\"local-mem-bandwidth\":     Show local memory bandwidth(KB/s)\n" },
    { "psr-cat-set", NULL, 0, 1,
      "Set cache capacity bitmasks(CBM) for a domain",
      "[options] <Domain> <CBM>",
      "-s <socket>       Specify the socket to process, otherwise all sockets are processed\n"
      "-l <level>        Specify the cache level to process, otherwise L3 cache is processed\n"
      "-c                Set code CBM if CDP is supported\n"
      "-d                Set data CBM if CDP is supported\n" },
    { "psr-cat-show", NULL, 0, 1,
      "Show Cache Allocation Technology information",
      "[options] <Domain>",
      "-l <level>        Specify the cache level to process, otherwise L3 cache is processed\n" },
    { "psr-mba-set", NULL, 0, 1,
      "Set throttling value (THRTL) for a domain",
      "[options] <Domain> <THRTL>",
      "-s <socket>       Specify the socket to process, otherwise all sockets are processed\n" },
    { "psr-mba-show", NULL, 0, 1,
      "Show Memory Bandwidth Allocation information",
      "<Domain>",
      NULL },
    { "usbctrl-attach", NULL, 0, 1,
      "Create a virtual USB controller for a domain",
      "<Domain> [type=pv] [version=<version>] [ports=<number>]",
      NULL },
    { "usbctrl-detach", NULL, 0, 1,
      "Remove the virtual USB controller specified by <DevId> for a domain",
      "<Domain> <DevId>",
      NULL },
    { "usbdev-attach", NULL, 0, 1,
      "Attach a USB device to a domain",
      "<Domain> hostbus=<busnum> hostaddr=<devnum> [controller=<DevId> [port=<port>]]",
      NULL },
    { "usbdev-detach", NULL, 0, 1,
      "Detach a USB device from a domain",
      "<Domain> <controller> <port>",
      NULL },
    { "usb-list", NULL, 0, 0,
      "List information about all USB controllers and devices for a domain",
      "<Domain>",
      NULL },
    { "qemu-monitor-command", NULL, 0, 1,
      "Issue a qemu monitor command to the device model of a domain",
      "<Domain> <Command>",
      NULL },
};

const size_t xl_ncommands = sizeof(xl_commands) / sizeof(xl_commands[0]);

const struct xl_command *xl_lookup_command(const char *name)
{
    const struct xl_command *found = NULL;
    size_t len, matches = 0;

    if (!name)
        return NULL;
    len = strlen(name);
    for (size_t i = 0; i < xl_ncommands; i++) {
        if (strncmp(name, xl_commands[i].name, len) != 0)
            continue;
        if (xl_commands[i].name[len] == '\0')
            return &xl_commands[i];
        found = &xl_commands[i];
        matches++;
    }
    /* xl's rule, kept for compatibility: the empty string prefixes every
     * command, so it is ambiguous and finds nothing. */
    return matches == 1 ? found : NULL;
}
