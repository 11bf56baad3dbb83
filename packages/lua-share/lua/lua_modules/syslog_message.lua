-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ syslog_message: grammars for the messages of common syslog programs
(Heka for Node; same names and captured field names as the module Heka's Lua
plugins use).

  get_prog_grammar(programname)   grammar for one program's messages, or nil:
                                  CRON, crontab, dhclient, dhcpd, login,
                                  groupadd, groupdel, named, puppet-agent,
                                  sshd, su, sudo, systemd-logind, useradd
  get_wildcard_grammar(name)      grammars matched against any program:
                                  "PAM"; a list of names gives a list of
                                  grammars; nil gives the whole name->grammar
                                  table

Each grammar captures a table of fields (nil when the message is not one it
knows). Addresses are {value=, representation="ipv4"|"ipv6"}.
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local string = require "string"
local ip = require "ip_address"

local P, S, Cc, Cg, Ct = lpeg.P, lpeg.S, lpeg.Cc, lpeg.Cg, lpeg.Ct
local digit, xdigit, upper, lower = lpeg.digit, lpeg.xdigit, lpeg.upper, lpeg.lower
local tonumber, type, ipairs = tonumber, type, ipairs

local M = {}

--[[ Helpers ]]

local EOS = P(-1)
local any = P(1)
local integer = P"-"^-1 * digit^1 / tonumber
local float = P"-"^-1 * digit^1 * ("." * digit^1)^1 / tonumber

local function ipv(p, rep)
    return Ct(Cg(p, "value") * Cg(Cc(rep), "representation"))
end
local ipv4 = ipv(ip.v4, "ipv4")
local ipv46 = ipv4 + ipv(ip.v6, "ipv6")

-- field = text before `stop` (not consumed)
local function before(name, stop)
    return Cg((any - P(stop))^0, name)
end
-- field = text before `stop`, then `stop`
local function upto(name, stop)
    return before(name, stop) * P(stop)
end
-- field = unsigned decimal as a number
local function num(name)
    return Cg(digit^1 / tonumber, name)
end
-- field = everything left (at least one character)
local function rest(name)
    return Cg(any^1, name)
end
-- field = a run of characters other than those in `set`
local function word(name, set)
    return Cg((any - S(set))^1, name)
end
local function alt(list)
    local p = list[1]
    for i = 2, #list do p = p + list[i] end
    return p
end

local programs = {}
local wildcards = {}

--[[ cron ]]

programs.CRON = Ct("(" * upto("cron_username", ") ") * upto("cron_event", " (")
                   * upto("cron_detail", ")") * EOS)
programs.crontab = programs.CRON

--[[ dhclient ]]

programs.dhclient = Ct(alt{
    Cg(P"DHCPDISCOVER", "dhcp_type") * " on " * upto("dhcp_client_interface", " to ")
        * Cg(ipv4, "dhcp_server_addr") * " port " * num("dhcp_server_port")
        * " interval " * num("dhcp_client_interval_seconds") * EOS,
    Cg(P"DHCPREQUEST" + "DHCPDECLINE" + "DHCPRELEASE", "dhcp_type") * " on "
        * upto("dhcp_client_interface", " to ") * Cg(ipv4, "dhcp_server_addr")
        * " port " * num("dhcp_server_port") * EOS,
    Cg(P"DHCPACK", "dhcp_type") * " from " * Cg(ipv4, "dhcp_server_addr") * EOS,
    "bound to " * Cg(ipv4, "dhcp_client_addr") * " -- renewal in "
        * num("dhcp_client_renewal_seconds") * " seconds." * EOS,
})

--[[ dhcpd ]]

local hw_addr = xdigit * xdigit * (":" * xdigit * xdigit)^0
local client_hw = Cg(hw_addr + "<no identifier>", "dhcp_client_hw_addr")
local hostname_opt = ("(" * word("dhcp_client_hostname", ")") * ") ")^-1
local message_opt = (": " * rest("dhcp_message"))^-1
local lease_opt = (" [" * Cg(integer, "dhcp_lease_time") * "]")^-1
local source_to_colon = word("dhcp_source", ":")
local source_to_space = word("dhcp_source", " ")

local function pool_counts(last)
    return Cg(integer, "dhcp_lease_count") * "  free " * Cg(integer, "dhcp_free_leases")
         * "  backup " * Cg(integer, "dhcp_backup_leases") * "  lts " * Cg(integer, "dhcp_lts")
         * last
end

programs.dhcpd = Ct(alt{
    Cg(P"BOOTREQUEST", "dhcp_type") * " from " * Cg(hw_addr, "dhcp_client_hw_addr")
        * " via " * source_to_colon * EOS,
    Cg(P"BOOTREPLY", "dhcp_type") * " for " * Cg(ipv4, "dhcp_client_addr") * " to "
        * upto("dhcp_client_addr", " (") * Cg(hw_addr, "dhcp_client_hw_addr") * ") via "
        * source_to_colon * EOS,
    Cg(P"DHCPDISCOVER", "dhcp_type") * " from " * client_hw * " " * hostname_opt
        * "via " * source_to_colon * message_opt * EOS,
    Cg(P"DHCPOFFER" + "DHCPACK" + "BOOTREPLY", "dhcp_type") * " on "
        * Cg(ipv4, "dhcp_client_addr") * " to " * word("dhcp_client_hw_addr", " ") * " "
        * hostname_opt * "via " * source_to_space * lease_opt * message_opt * EOS,
    Cg(P"DHCPACK", "dhcp_type") * " to " * Cg(ipv4, "dhcp_client_addr") * " ("
        * word("dhcp_client_hw_addr", ")") * ") via " * source_to_space * message_opt
        * lease_opt * EOS,
    Cg(P"DHCPNAK", "dhcp_type") * " on " * Cg(ipv4, "dhcp_client_addr") * " to "
        * word("dhcp_client_hw_addr", " ") * " via " * source_to_colon * EOS,
    Cg(P"DHCPREQUEST", "dhcp_type") * " for " * Cg(ipv4, "dhcp_client_addr")
        * (" (" * word("dhcp_server_addr", ")") * ")")^-1 * " from " * client_hw * " "
        * hostname_opt * "via " * source_to_colon * message_opt * EOS,
    Cg(P"DHCPINFORM", "dhcp_type") * " from " * Cg(ipv4, "dhcp_client_addr") * " via "
        * source_to_colon * message_opt * EOS,
    Cg(P"balancing", "dhcp_pool_result") * " pool" * upto("dhcp_pool_id", " ")
        * upto("dhcp_network", "  total ")
        * pool_counts("  max-own (+/-)" * Cg(integer, "dhcp_hold"))
        * P"  (requesting peer rebalance!)"^-1 * EOS,
    Cg(P"balanced" + "IMBALANCED", "dhcp_pool_result") * " pool"
        * upto("dhcp_network", "  total ")
        * pool_counts("  max-misbal " * Cg(integer, "dhcp_thresh")) * EOS,
    "bind update on " * Cg(ipv4, "dhcp_client_addr") * " from "
        * upto("dhcp_failover_peer", " ") * Cg(P"rejected", "dhcp_bind_update_status")
        * ": " * rest("dhcp_message"),
    "bind update on " * Cg(ipv4, "dhcp_client_addr") * " "
        * Cg(P"got ack", "dhcp_bind_update_status") * " from "
        * upto("dhcp_failover_peer", ": ") * rest("dhcp_message"),
})

--[[ login, groupadd, groupdel, useradd ]]

local from_opt = (" from '" * upto("from", "'"))^-1

programs.login = Ct(alt{
    "FAILED LOGIN (" * num("failcount") * ")" * " on '" * upto("tty", "'") * from_opt
        * " FOR '" * upto("user", "', ") * rest("pam_error"),
    P"ROOT LOGIN " * " on '" * upto("tty", "'") * from_opt * EOS,
})

programs.groupadd = Ct("new group: name=" * upto("group_name", ", GID=") * num("gid") * EOS)

programs.groupdel = Ct("group '" * upto("group_name", "' removed")
                       * (" from " * rest("group_dbname"))^-1)

programs.useradd = Ct(alt{
    "new user: name=" * upto("user_name", ", UID=") * num("uid") * ", GID=" * num("gid")
        * ", home=" * upto("user_home", ", shell=") * rest("user_shell"),
    "add '" * upto("user_name", P"' to group '" + "' to shadow group '")
        * upto("group_name", "'") * EOS,
})

--[[ named (BIND) ]]

local function dns_addr_port(addr, port)
    return Cg(ipv46, addr) * "#" * num(port)
end
local name_type_class = upto("dns_name", "/") * upto("dns_type", "/") * upto("dns_class", "': ")

programs.named = Ct(alt{
    Cg(P"lame server", "dns_error") * " resolving '" * upto("dns_name", "' (in '")
        * upto("dns_domain", "'?): ") * dns_addr_port("dns_addr", "dns_port") * EOS,
    "error (" * upto("dns_error", ") resolving '") * name_type_class
        * dns_addr_port("dns_addr", "dns_port") * EOS,
    upto("dns_error", " resolving '") * name_type_class
        * dns_addr_port("dns_addr", "dns_port") * EOS,
    Cg(P"DNS format error", "dns_error") * " from " * dns_addr_port("dns_addr", "dns_port")
        * " resolving " * upto("dns_name", "/") * before("dns_type", P" for client " + ":")
        * (" for client " * dns_addr_port("dns_client_addr", "dns_client_port"))^-1
        * ": " * rest("dns_message"),
    Cg(P"skipping nameserver", "dns_error") * " '"
        * upto("dns_nameserver", "' because it is a CNAME, while resolving '")
        * upto("dns_name", "'") * EOS,
    "client " * dns_addr_port("dns_client_addr", "dns_client_port")
        * ("/key " * word("dns_client_signer", " :"))^-1
        * (" (" * word("dns_name", ")") * ")")^-1
        * (": view " * Cg((any - P": ")^1, "dns_view"))^-1
        * ": " * rest("dns_message"),
    "success resolving '" * upto("dns_name", "/") * upto("dns_type", "' (in '")
        * upto("dns_domain", "'?) after ") * rest("dns_message"),
    "zone " * upto("dns_domain", "/") * upto("dns_class", "/") * upto("dns_view", ": ")
        * Cg(P"sending notifies", "dns_message") * " (serial " * num("dns_serial") * ")" * EOS,
    "clients-per-query decreased to " * num("dns_clients_per_query") * EOS,
})

--[[ puppet-agent ]]

local segment = upper * (lower + digit + "_")^0
local ptype = segment * ("::" * segment)^0
local presource = ptype * "[" * (any - P"]")^1 * "]"
local ppath = ("/" * (presource + ptype))^1
local pparam = (lower + digit + "_")^1

local resource_message = alt{
    Cg(P"Would have triggered" + "Triggered", "puppet_msg") * " '"
        * upto("puppet_callback", "' from ") * Cg(integer, "puppet_events_count")
        * " events" * EOS,
    "Scheduling " * upto("puppet_callback", " of ") * Cg(presource, "puppet_callback_target") * EOS,
    "Unscheduling " * upto("puppet_callback", " on ") * Cg(presource, "puppet_callback_target") * EOS,
    "Filebucketed " * upto("puppet_file_path", " to ") * upto("puppet_bucket", " with sum ")
        * upto("puppet_file_sum", EOS),
}

local parameter_message = alt{
    "current_value " * upto("puppet_current_value", ", should be ")
        * upto("puppet_should_value", " (noop)")
        * (" (previously recorded value was " * rest("puppet_historical_value"))^-1
        * Cg(Cc(true), "puppet_noop") * EOS,
    Cg(pparam, "puppet_ensure_parameter") * " changed '" * upto("puppet_old_value", "' to '")
        * upto("puppet_new_value", "'" * EOS),
    Cg(P"executed successfully", "puppet_change") * EOS,
}

programs["puppet-agent"] = Ct(alt{
    "(" * Cg(ppath, "puppet_resource_path") * "/" * Cg(pparam, "puppet_parameter") * ")"
        * (" " * parameter_message + any^0),
    "(" * upto("puppet_resource_path", ") ") * resource_message,
    Cg(P"Finished catalog run", "puppet_msg") * " in " * Cg(float, "puppet_benchmark_seconds")
        * " seconds" * EOS,
    P"Retrieving pluginfacts" * EOS,
    P"Retrieving plugin" * EOS,
    P"Loading facts" * EOS,
    P"Caching catalog for ",
    P"Applying configuration version '",
    P"Computing checksum on file ",
    P"Run of Puppet configuration client already in progress; skipping (",
})

--[[ sshd ]]

programs.sshd = Ct(alt{
    Cg(P"Accepted" + "Failed" + "Partial" + "Postponed", "sshd_authmsg") * " "
        * word("sshd_method", "/ ") * ("/" * word("sshd_submethod", "/ "))^-1
        * " for " * P"invalid user "^-1 * upto("remote_user", " from ")
        * Cg(ipv46, "remote_addr") * " port " * num("remote_port") * " "
        * (P"ssh2" + "ssh1") * (": " * rest("sshd_info"))^-1,
    "Received disconnect from " * Cg(ipv46, "remote_addr") * ": "
        * (num("disconnect_reason") * ": ")^-1 * rest("disconnect_msg"),
    "reverse mapping checking getaddrinfo for " * upto("remote_host", "[")
        * Cg(ipv46, "remote_addr") * "] failed - POSSIBLE BREAK-IN ATTEMPT!" * EOS,
    "subsystem request for " * upto("sshd_subsystem", P" by user " + EOS)
        * Cg((any - P" ")^0, "remote_user") * EOS,
    "Connection closed by " * Cg(ipv46, "remote_addr") * " [preauth]" * EOS,
    "Invalid user " * upto("remote_user", " from ") * Cg(ipv46, "remote_addr") * EOS,
    "input_userauth_request: invalid user " * upto("remote_user", " [preauth]") * EOS,
    "Exiting on signal " * Cg(digit^1, "signal") * EOS,
    "Received signal " * Cg(digit^1, "signal") * "; terminating." * EOS,
    "Server listening on " * word("listen_address", " ") * " port "
        * Cg(digit^1, "listen_port") * "." * EOS,
    "Did not receive identification string from " * Cg(ipv46, "remote_addr") * EOS,
    Cg(P"error" + "fatal", "sshd_errorlevel") * ": " * rest("sshd_error"),
})

--[[ su, sudo ]]

programs.su = Ct(alt{
    Cg(P"Successful" + "FAILED", "su_status") * " su for " * upto("su_name", " by ")
        * rest("su_oldname"),
    "pam_authenticate: " * rest("pam_error"),
    S"+-" * " ",
})

local function sudo_option(key)
    return (P(key) * "=" * upto("sudo_" .. string.lower(key), " ; "))^-1
end

programs.sudo = Ct(upto("sudo_message", " : ")
                   * sudo_option("TTY") * sudo_option("PWD") * sudo_option("USER")
                   * sudo_option("GROUP") * sudo_option("TSID") * sudo_option("ENV")
                   * "COMMAND=" * rest("sudo_command"))

--[[ systemd-logind ]]

programs["systemd-logind"] = Ct(alt{
    "New session " * Cg(integer, "session_id") * " of user " * upto("user_id", "." * EOS)
        * Cg(Cc"SESSION_START", "sd_message"),
    "Removed session " * Cg(integer, "session_id") * "." * Cg(Cc"SESSION_STOP", "sd_message") * EOS,
})

--[[ PAM (any program) ]]

local pam = upto("pam_module", "(") * upto("pam_service", ":") * upto("pam_type", "): ")

wildcards.PAM = Ct(alt{
    pam * Cg(P"session opened", "pam_action") * " for user " * upto("user_name", " by ")
        * upto("login_name", "(uid=") * num("uid") * ")",
    pam * Cg(P"session closed", "pam_action") * " for user " * rest("user_name"),
    pam * Cg(P"authentication failure", "pam_action") * "; logname=" * upto("logname", " uid=")
        * num("uid") * " euid=" * num("euid") * " tty=" * upto("tty", " ruser=")
        * upto("ruser", " rhost=") * before("rhost", "  user=") * " "
        * (" user=" * rest("user"))^-1,
    pam * "check pass; user " * ("(" * upto("user_name", ") "))^-1 * "unknown",
})

--[[ Public interface ]]

function M.get_prog_grammar(prog)
    return programs[prog]
end

function M.get_wildcard_grammar(prog)
    if type(prog) == "table" then
        local list = {}
        for _, name in ipairs(prog) do
            list[#list + 1] = wildcards[name]
        end
        return list
    elseif type(prog) == "string" then
        return wildcards[prog]
    elseif prog == nil then
        return wildcards
    end
end

return M
