/*
 * command_table.c: every xl command xenkit knows, in xl's order, with the
 * summaries and usage texts that `xl help` prints.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

const struct xl_command xl_commands[] = {
    { "list", cmd_list, 0,
      "List information about all/some domains",
      "[options] [Domain]",
      "-l, --long              Output all VM details\n"
      "-v, --verbose           Prints out UUIDs and security context\n"
      "-Z, --context           Prints out security context\n"
      "-c, --cpupool           Prints the cpupool the domain is in\n"
      "-n, --numa              Prints out NUMA node affinity" },
    { "info", cmd_info, 0,
      "Get information about Xen host",
      "[-n|--numa]",
      "-n, --numa         List host NUMA topology information" },
    { "help", cmd_help, 0,
      "Print this help",
      "[subcommand]", "" },
};

const size_t xl_ncommands = sizeof(xl_commands) / sizeof(xl_commands[0]);

const struct xl_command *xl_find_command(const char *name)
{
    for (size_t i = 0; i < xl_ncommands; i++)
        if (strcmp(xl_commands[i].name, name) == 0)
            return &xl_commands[i];
    return NULL;
}

void xl_print_command_help(const struct xl_command *cmd)
{
    printf("Usage: xl [-v%s] %s %s\n\n%s.\n\n", cmd->modifies ? "N" : "",
           cmd->name, cmd->usage, cmd->summary);
    if (cmd->options[0])
        printf("Options:\n\n%s\n", cmd->options);
}
