-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ postfix: grammars for Postfix log messages (Heka for Node; same function
and captured field names as the module Heka's Lua plugins use; the message
shapes follow the postfix-grok-patterns project).

  postfix_match(programname, message, extract_keyvalue_data)

programname is the syslog program ("postfix/smtpd", "postfix/qmgr", ...);
the part after "/" selects the daemon: smtpd, cleanup, qmgr, pipe,
postscreen, dnsblog, anvil, smtp, lmtp, discard, pickup, tlsproxy, master,
bounce, sendmail, postdrop, scache, trivial_rewrite, tlsmgr, local. Returns a
table of postfix_* fields, or nil. With extract_keyvalue_data, the
"key=value, ..." part (postfix_keyvalue_data) is split into postfix_<key>
fields, and client=, relay= and delays= are split further. Integer fields
come back as {value = n, value_type = 2} (an INTEGER message field);
postfix_delay as a number; addresses as {value=, representation=}.
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local ip = require "ip_address"

local P, S, C, Cc, Cg, Ct, Cf = lpeg.P, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct, lpeg.Cf
local digit, alpha, alnum, xdigit, space = lpeg.digit, lpeg.alpha, lpeg.alnum, lpeg.xdigit, lpeg.space
local tonumber, type, pairs, ipairs, rawset = tonumber, type, pairs, ipairs, rawset

local M = {}

--[[ Basic values ]]

local any = P(1)
local EOS = P(-1)
local notspace = any - space
local integer = digit^1 / tonumber
local number = digit^1 * ("." * digit^1)^-1 / tonumber

local function rest(name) return Cg(any^1, name) end
local function until_text(name, stop) return Cg((any - P(stop))^1, name) end
local function alt(list)
    local p = list[1]
    for i = 2, #list do p = p + list[i] end
    return p
end

-- key=value, key=<value>, ... (a value may contain ", " when not followed by
-- another key; <...> values end at a ">" that ends the pair)
local pair_end = P", " * alpha^1 * "=" + P"," * EOS + EOS
local kv_value = P"<" * C((any - P">" * pair_end)^0) * ">" + C((any - pair_end)^0)
local kv_sep = P", " + P"," * EOS + EOS
local kv_grammar = Cf(Ct"" * (Cg(C(alpha^1) * "=" * kv_value) * kv_sep^-1)^0, rawset)

--[[ Hosts ]]

local function with_rep(p, rep)
    return Ct(Cg(p, "value") * Cg(Cc(rep), "representation"))
end
local ipv46 = with_rep(ip.v4, "ipv4") + with_rep(ip.v6, "ipv6")
local host = ipv46 + with_rep((any - S"[] ")^1, "hostname")
local port = Ct(Cg(integer, "value") * Cg(Cc"2", "value_type"))

-- hostname[ip]:port
local client_info = Cg(host, "postfix_client_hostname")^-1
                  * "[" * Cg(ipv46, "postfix_client_ip") * "]"
                  * (":" * Cg(port, "postfix_client_port"))^-1
local relay_info = Cg(host, "postfix_relay_hostname")^-1
                 * "[" * (Cg(ipv46, "postfix_relay_ip") + until_text("postfix_relay_service", "]")) * "]"
                 * (":" * Cg(port, "postfix_relay_port"))^-1
local client_info_table = Ct(client_info)
local relay_info_table = Ct(relay_info)

--[[ Shared pieces ]]

local queueid_text = xdigit^6 + alnum^15 + P"NOQUEUE"
local queueid = Cg(queueid_text, "postfix_queueid")

local smtp_stage_text = alt{P"CONNECT", P"HELO", P"EHLO", P"STARTTLS", P"AUTH", P"MAIL",
                            P"RCPT", P"DATA", P"RSET", P"UNKNOWN", P"END-OF-MESSAGE",
                            P"VRFY", P"."}
local smtp_stage = Cg(smtp_stage_text, "postfix_smtp_stage")

local action_text = P"reject" + "defer" + "accept" + "header-redirect"

local status_code_text = digit * digit * digit / tonumber
local enhanced_code_text = digit * "." * digit * "." * digit

local dnsbl_message = P"Service unavailable; " * (any - P"[")^0 * "["
                    * Cg((any - P"]")^0, "postfix_status_data") * "] "
                    * Cg((any - P"; " * alpha^1 * "=")^1, "postfix_status_message") * ";"

local ps_access_action = alt{P"DISCONNECT", P"BLACKLISTED", P"WHITELISTED", P"WHITELIST VETO",
                             P"PASS NEW", P"PASS OLD"}
local ps_violation = Cg(alt{P"BARE NEWLINE", P"COMMAND TIME LIMIT", P"COMMAND COUNT LIMIT",
                            P"COMMAND LENGTH LIMIT", P"COMMAND PIPELINING", P"DNSBL", P"HANGUP",
                            P"NON-SMTP COMMAND", P"PREGREET"}, "postfix_postscreen_violation")

local keyvalue_greedy = queueid * ": " * rest("postfix_keyvalue_data")
local warning = (P"warning" + "fatal") * ": " * rest("postfix_warning")

local tls_connection = (P"Anonymous" + "Trusted" + "Untrusted" + "Verified")
                     * " TLS connection established "
                     * ("to " * relay_info + "from " * client_info) * ": "
                     * Cg(notspace^0, "postfix_tls_version")
                     * " with cipher " * Cg(notspace^0, "postfix_tls_cipher")
                     * " (" * Cg(notspace^0, "postfix_tls_cipher_size") * " bits)"

-- delays=a/b/c/d
local delays_table = Ct(Cg(number, "postfix_delay_before_qmgr") * "/"
                        * Cg(number, "postfix_delay_in_qmgr") * "/"
                        * Cg(number, "postfix_delay_conn_setup") * "/"
                        * Cg(number, "postfix_delay_transmission"))

local lostconn_text = P"lost connection" + "timeout" + "Connection timed out"
local lostconn = Cg(lostconn_text, "postfix_smtpd_lostconn_data")

--[[ smtpd ]]

local smtpd_connect = "connect from " * client_info
local smtpd_disconnect = "disconnect from " * client_info
local smtpd_lostconn = lostconn * " after " * smtp_stage * (" (" * digit^1 * " bytes)")^-1
                         * " from " * client_info
                     + until_text("postfix_action", " from ") * " from " * client_info * ": " * lostconn
local smtpd_noqueue = "NOQUEUE: " * Cg(action_text, "postfix_action") * ": " * smtp_stage
                    * " from " * client_info * ": "
                    * Cg(status_code_text, "postfix_status_code") * " "
                    * Cg(enhanced_code_text, "postfix_status_code_enhanced")
                    * (" <" * until_text("postfix_status_data", ">") * ">:")^-1 * " "
                    * (dnsbl_message + Cg((any - P";")^0, "postfix_status_message") * ";")
                    * " " * rest("postfix_keyvalue_data")
local smtpd_pipelining = "improper command pipelining after " * smtp_stage * " from " * client_info * ":"
local smtpd_proxy = "proxy-" * Cg(action_text, "postfix_proxy_result") * ": "
                  * Cg(smtp_stage_text, "postfix_proxy_smtp_stage") * ": "
                  * (Cg(status_code_text, "postfix_proxy_status_code") * " ")^-1
                  * (Cg(enhanced_code_text, "postfix_proxy_status_code_enhanced") * " ")^-1
                  * (any - P";")^0
                  * "; " * rest("postfix_keyvalue_data")

--[[ cleanup, qmgr, pipe ]]

local cleanup_milter = queueid * ": milter-" * Cg(action_text, "postfix_milter_result") * ": "
                     * until_text("postfix_milter_message", ";") * "; "
                     * until_text("postfix_keyvalue_data", ":")
                     * (": " * rest("postfix_milter_data"))^-1

local qmgr_removed = queueid * ": removed"
local qmgr_active = queueid * ": " * until_text("postfix_keyvalue_data", " (") * " (queue active)"

local pipe_delivered = queueid * ": " * until_text("postfix_keyvalue_data", " (")
                     * " (delivered via " * Cg(alnum^1, "postfix_pipe_service")
local pipe_forward = queueid * ": " * until_text("postfix_keyvalue_data", " (")
                   * " (mail forwarding loop for " * until_text("postfix_to", ")")

--[[ postscreen, dnsblog, tlsproxy ]]

local ps_connect = "CONNECT from " * client_info * " to [" * Cg(ipv46, "postfix_server_ip") * "]:"
                 * Cg(number, "postfix_server_port")
local ps_access = Cg(ps_access_action, "postfix_postscreen_access") * " " * client_info
local ps_toobusy = "NOQUEUE: reject: CONNECT from " * client_info * ": "
                 * rest("postfix_postscreen_toobusy_data")
local ps_dnsbl = ps_violation * " rank " * Cg(integer, "postfix_postscreen_dnsbl_rank")
               * " for " * client_info
local ps_cache = "cache " * (any - P" ")^1 * " full cleanup: retained="
               * Cg(integer, "postfix_postscreen_cache_retained")
               * " dropped=" * Cg(integer, "postfix_postscreen_cache_dropped") * " entries"
local ps_violations = ps_violation * (" " * digit^1)^-1
                    * (" after " * Cg(number, "postfix_postscreen_violation_time"))^-1
                    * " from " * client_info * (" after " * smtp_stage)^-1

local dnsblog_listing = "addr " * Cg(ipv46, "postfix_client_ip") * " listed by domain "
                      * Cg(host, "postfix_dnsbl_domain") * " as " * Cg(ipv46, "postfix_dnsbl_result")

local tlsproxy_conn = (P"DISCONNECT" + "CONNECT") * P" from"^-1 * " " * client_info

--[[ anvil ]]

-- (service:ip) where the service may itself contain ":port"
local service = until_text("postfix_service", ":") * ":" * Cg(ipv46, "postfix_client_ip")
              + Cg((any - P":")^1 * ":" * digit^1, "postfix_service") * ":" * Cg(ipv46, "postfix_client_ip")
local anvil_at = " at " * rest("postfix_anvil_timestamp")

local anvil_conn_rate = "statistics: max connection rate " * Cg(integer, "postfix_anvil_conn_rate")
                      * "/" * Cg(digit^1 * S"smhd", "postfix_anvil_conn_period")
                      * " for (" * service * ")" * anvil_at
local anvil_cache_size = "statistics: max cache size " * Cg(integer, "postfix_anvil_cache_size") * anvil_at
local anvil_conn_count = "statistics: max connection count " * Cg(integer, "postfix_anvil_conn_count")
                       * " for (" * service * ")" * anvil_at

--[[ smtp, master, bounce, scache ]]

local smtp_delivery = queueid * ": " * until_text("postfix_keyvalue_data", " status=")
                    * " status=" * Cg(alpha^1, "postfix_status")
                    * (" (" * Cg((any - P")" * EOS)^1, "postfix_smtp_response") * ")")^-1
local smtp_connerr = "connect to " * relay_info * ": "
                   * (P"Connection timed out" + "No route to host" + "Connection refused")
local smtp_lostconn = queueid * ": " * lostconn_text * " with " * relay_info

local master_start = (P"daemon started" + "reload") * " -- version "
                   * until_text("postfix_version", ",") * ", configuration " * rest("postfix_config_path")
local master_exit = "terminating on signal " * Cg(integer, "postfix_termination_signal")

local bounce_notification = queueid * ": sender " * (P"non-delivery" + "delivery status" + "delay")
                          * " notification: " * Cg(queueid_text, "postfix_bounce_queueid")

local scache_lookups = "statistics: " * (P"address" + "domain") * " lookup hits="
                     * Cg(integer, "postfix_scache_hits") * " miss=" * Cg(integer, "postfix_scache_miss")
                     * " success=" * Cg(integer, "postfix_scache_success")
local scache_simultaneous = "statistics: max simultaneous domains=" * Cg(integer, "postfix_scache_domains")
                          * " addresses=" * Cg(integer, "postfix_scache_addresses")
                          * " connection=" * Cg(integer, "postfix_scache_connection")
local scache_timestamp = "statistics: start interval " * rest("postfix_scache_timestamp")

--[[ Daemons ]]

local daemons = {
    smtpd = Ct(alt{smtpd_connect, smtpd_disconnect, smtpd_lostconn, smtpd_noqueue,
                   smtpd_pipelining, tls_connection, warning, smtpd_proxy, keyvalue_greedy}),
    cleanup = Ct(alt{cleanup_milter, warning, keyvalue_greedy}),
    qmgr = Ct(alt{qmgr_removed, qmgr_active, warning}),
    pipe = Ct(alt{pipe_delivered, pipe_forward}),
    postscreen = Ct(alt{ps_connect, ps_access, smtpd_noqueue, ps_toobusy, ps_cache, ps_dnsbl,
                        ps_violations, warning}),
    dnsblog = Ct(dnsblog_listing),
    anvil = Ct(alt{anvil_conn_rate, anvil_cache_size, anvil_conn_count}),
    smtp = Ct(alt{smtp_delivery, smtp_connerr, smtp_lostconn, tls_connection, warning}),
    discard = Ct(queueid * ": " * until_text("postfix_keyvalue_data", " status=")
                 * " status=" * Cg(alnum^1, "postfix_status")),
    pickup = Ct(queueid * ": uid=" * until_text("postfix_uid", " from=") * " from=<"
                * until_text("postfix_from", ">") * ("> orig_id=" * rest("postfix_orig_id"))^-1),
    tlsproxy = Ct(tlsproxy_conn),
    master = Ct(master_start + master_exit),
    bounce = Ct(bounce_notification),
    sendmail = Ct(warning),
    postdrop = Ct(warning),
    scache = Ct(alt{scache_lookups, scache_simultaneous, scache_timestamp}),
    trivial_rewrite = Ct(warning),
    tlsmgr = Ct(warning),
    ["local"] = Ct(keyvalue_greedy),
}
daemons.lmtp = daemons.smtp

-- internal grammars reachable through pseudo daemon names
local pseudo = {
    relay_info = relay_info_table,
    delays = delays_table,
    keyvalue_data = kv_grammar,
}

local daemon_of = (any - P"/")^1 * "/" * C(any^1)

local integer_fields = {
    "postfix_anvil_cache_size", "postfix_anvil_conn_count", "postfix_anvil_conn_rate",
    "postfix_client_port", "postfix_nrcpt", "postfix_postscreen_cache_dropped",
    "postfix_postscreen_cache_retained", "postfix_postscreen_dnsbl_rank",
    "postfix_relay_port", "postfix_server_port", "postfix_size", "postfix_status_code",
    "postfix_termination_signal", "postfix_uid",
}
local float_fields = {"postfix_delay"}

-- copies the captures of `grammar` on `text` into t (nothing if no match)
local function merge(t, grammar, text)
    local parts = grammar:match(text)
    if not parts then return false end
    for k, v in pairs(parts) do t[k] = v end
    return true
end

local function plain(v)
    if type(v) == "table" then return v.value end
    return v
end

function M.postfix_match(programname, message, extract_keyvalue_data)
    local daemon = daemon_of:match(programname)
    if not daemon then return nil end

    local grammar = daemons[daemon] or pseudo[daemon]
    local t = grammar and grammar:match(message)
    if not t then return nil end

    if extract_keyvalue_data and t.postfix_keyvalue_data then
        local kv = kv_grammar:match(t.postfix_keyvalue_data)
        if kv then
            t.postfix_keyvalue_data = nil
            for k, v in pairs(kv) do
                t["postfix_" .. k] = v
            end
            if t.postfix_client then
                local client = t.postfix_client
                t.postfix_client = nil
                if not merge(t, client_info_table, client) then t.postfix_client = client end
            end
            if t.postfix_relay then
                local relay = t.postfix_relay
                t.postfix_relay = nil
                if not merge(t, relay_info_table, relay) then t.postfix_relay = relay end
            end
            if t.postfix_delays then
                local delays = t.postfix_delays
                t.postfix_delays = nil
                if not merge(t, delays_table, delays) then t.postfix_delays = delays end
            end
        end
    end

    for _, name in ipairs(integer_fields) do
        if t[name] then
            t[name] = {value = tonumber(plain(t[name])), value_type = 2}
        end
    end
    for _, name in ipairs(float_fields) do
        if t[name] then
            t[name] = tonumber(plain(t[name]))
        end
    end
    return t
end

return M
