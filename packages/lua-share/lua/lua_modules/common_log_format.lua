-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ common_log_format: web server log grammars (Heka for Node; same names,
field names and value representations as the module Heka's decoders use).

  build_nginx_grammar(log_format)   grammar from an nginx 'log_format' string
  build_apache_grammar(log_format)  grammar from an Apache 'LogFormat' string
                                    (fields named as the nginx variables)
  nginx_error_grammar               nginx error.log lines -> message table
  normalize_user_agent(ua)          -> browser, major version, os

The built grammars capture a table of fields. $time_local, $time_iso8601,
$msec and Apache %t / %{...}t land in "time" (nanoseconds). Numbers are
numbers; sizes and durations are {value=, representation="B"|"s"|"us"};
addresses are {value=, representation="ipv4"|"ipv6"|"hostname"}; any other
variable is the text up to the delimiter that preceded it in the format (a
double quote allows \" inside, whitespace stops at whitespace).
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local string = require "string"
local dt = require "date_time"
local ip = require "ip_address"

local P, R, S, C, Cc, Cg, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct
local digit, alpha, alnum, space, xdigit = lpeg.digit, lpeg.alpha, lpeg.alnum, lpeg.space, lpeg.xdigit
local tonumber, type, error, ipairs = tonumber, type, error, ipairs

local M = {}

--[[ Value grammars ]]

local function zero() return 0 end

-- {value = <capture of p>, representation = rep}
local function represented(p, rep)
    return Ct(Cg(p, "value") * Cg(Cc(rep), "representation"))
end

local integer = digit^1 / tonumber
local double = digit^1 * "." * digit^1 / tonumber
local bytes = represented(integer, "B")
local http_status = digit * digit * digit / tonumber

local reg_name = (alnum + S"-._~" + P"%" * xdigit * xdigit + S"!$&'()*+,;=")^1
local host = represented(ip.v4, "ipv4")
           + represented(ip.v6, "ipv6")
           + represented(reg_name, "hostname")

local request_method = P"GET" + "POST" + "HEAD" + "PUT" + "DELETE" + "OPTIONS" + "TRACE" + "CONNECT"
local server_protocol = P"HTTP/" * digit^1 * "." * digit^1
local time_local = dt.clf_timestamp_ns -- = dt.clf_timestamp / dt.time_to_ns

-- "a, b : c" lists of the upstream module (", " between servers of a group,
-- " : " between groups); all values land in one flat array.
local function upstream_list(item)
    local group = item * (", " * item)^0
    return Ct(group * (" : " * group)^0)
end
local upstream_addr = C((1 - S", ")^1)
local upstream_time = double + P"-" / zero
local upstream_status = http_status + P"-" / zero

-- nginx variables with a typed grammar; every other variable is text.
local nginx_vars = {
    binary_remote_addr    = P(4),
    body_bytes_sent       = bytes,
    bytes_sent            = bytes,
    connection            = integer,
    connection_requests   = integer,
    content_length        = bytes,
    host                  = host,
    hostname              = host,
    https                 = P"on"^-1,
    is_args               = P"?"^-1,
    msec                  = double / dt.seconds_to_ns,
    nginx_version         = digit^1 * "." * digit^1 * "." * digit^1,
    pid                   = integer,
    pipe                  = P"p" + ".",
    proxy_protocol_addr   = host,
    remote_addr           = host,
    remote_port           = integer,
    request_completion    = P"OK"^-1,
    request_length        = bytes,
    request_method        = request_method,
    request_time          = represented(double, "s"),
    scheme                = P"https" + "http",
    server_addr           = host,
    server_name           = host,
    server_port           = integer,
    server_protocol       = server_protocol,
    status                = http_status,
    tcpinfo_rtt           = integer,
    tcpinfo_rttvar        = integer,
    tcpinfo_snd_cwnd      = integer,
    tcpinfo_rcv_space     = integer,
    time_iso8601          = dt.rfc3339 / dt.time_to_ns,
    time_local            = time_local,
    upstream_addr                = upstream_list(upstream_addr) + "-",
    upstream_cache_status        = P"HIT" + "MISS" + "EXPIRED" + "BYPASS" + "STALE"
                                 + "UPDATING" + "REVALIDATED" + "-",
    upstream_cache_last_modified = dt.build_strftime_grammar("%a, %d %b %Y %T GMT") / dt.time_to_ns + "-",
    upstream_response_length     = represented(upstream_list(integer), "B") + "-",
    upstream_response_time       = represented(upstream_list(upstream_time), "s"),
    upstream_status              = upstream_list(upstream_status),
}

-- variables that set the message time
local time_vars = {time_local = true, time_iso8601 = true, msec = true}

--[[ Text fields and their delimiter ]]

-- The delimiter of a text field is the last character of the literal text
-- before it in the format, or whitespace when whitespace (or nothing) came
-- last. After a double quote, backslash-escaped quotes are kept inside.
local WHITESPACE = {}

local function text_field(name, delimiter)
    if delimiter == '"' then
        return Cg((P'\\"' + (1 - P'"'))^0, name)
    end
    local stop = delimiter == WHITESPACE and space or P(delimiter)
    return Cg((1 - stop)^0, name)
end

local function concat(list)
    local g = list[1]
    for i = 2, #list do g = g * list[i] end
    return g
end

--[[ nginx ]]

local ngx_ws = space^1
local ngx_var = P"$" * C((alnum + "_")^1)
local ngx_items = Ct((
      Ct(Cc"ws" * ngx_ws)
    + Ct(Cc"var" * ngx_var)
    + Ct(Cc"text" * C((1 - (ngx_ws + ngx_var))^1))
)^1)

-- Returns an LPeg grammar for log lines written with the nginx log_format.
function M.build_nginx_grammar(log_format)
    local items = ngx_items:match(log_format)
    if not items then
        error("could not parse the log_format configuration", 2)
    end
    local delimiter = WHITESPACE
    local parts = {}
    for i, item in ipairs(items) do
        local kind, value = item[1], item[2]
        if kind == "ws" then
            parts[i] = space^1
            delimiter = WHITESPACE
        elseif kind == "var" then
            local g = nginx_vars[value]
            if not g then
                parts[i] = text_field(value, delimiter)
            else
                parts[i] = Cg(g, time_vars[value] and "time" or value)
            end
        else
            parts[i] = P(value)
            delimiter = string.sub(value, -1)
        end
    end
    return Ct(concat(parts))
end

--[[ Apache ]]

local no_bytes = integer + P"-" / zero

-- Format letters: a grammar, or the name of a text field.
local apache_vars = {
    ["%"] = P"%",
    a = Cg(host, "remote_addr"),
    A = Cg(host, "server_addr"),
    B = Cg(bytes, "body_bytes_sent"),
    b = Cg(represented(no_bytes, "B"), "body_bytes_sent"),
    D = Cg(represented(integer, "us"), "request_time"),
    f = "request_filename",
    h = Cg(host, "remote_addr"),
    H = Cg(server_protocol, "server_protocol"),
    I = Cg(bytes, "request_length"),
    k = Cg(integer, "connection_requests"),
    l = "remote_user",
    L = "request_log_id",
    m = Cg(request_method, "request_method"),
    O = Cg(bytes, "response_length"),
    p = Cg(integer, "server_port"),
    P = Cg(integer, "pid"),
    q = "query_string",
    r = "request",
    R = "request_handler",
    s = Cg(http_status, "status"),
    S = Cg(bytes, "total_length"),
    t = "[" * Cg(time_local, "time") * "]",
    T = Cg(represented(integer, "s"), "request_time"),
    u = "remote_user",
    U = "uri",
    v = Cg(host, "server_name"),
    V = Cg(host, "server_name"),
    X = Cg(S"X+-", "connection_status"),
}

-- nginx style name of a header: User-Agent -> user_agent
local function header_name(prefix, h)
    return prefix .. string.gsub(string.lower(h), "-", "_")
end

-- %{format}t: a strftime format, or sec / msec / usec since the epoch, or
-- msec_frac / usec_frac (a "sec_frac" field), optionally after begin: / end:
local function apache_time(a)
    local f = a
    if string.find(f, "^end:") then
        f = string.sub(f, 5)
    elseif string.find(f, "^begin:") then
        f = string.sub(f, 7)
    end
    if string.find(f, "^sec") then
        return Cg(digit^1 / dt.seconds_to_ns, "time")
    elseif string.find(f, "^msec_frac") or string.find(f, "^usec_frac") then
        return Cg(digit^1 / function(d) return tonumber("." .. d) end, "sec_frac")
    elseif string.find(f, "^msec") then
        return Cg(digit^1 / function(d) return tonumber(d) * 1e6 end, "time")
    elseif string.find(f, "^usec") then
        return Cg(digit^1 / function(d) return tonumber(d) * 1e3 end, "time")
    end
    return Cg(dt.build_strftime_grammar(f) / dt.time_to_ns, "time")
end

-- %{argument}<letter>
local apache_args = {
    a = function() return apache_vars.a end,
    C = function(a) return "cookie_" .. a end,
    e = function(a) return "env_" .. a end,
    i = function(a) return header_name("http_", a) end,
    n = function(a) return "module_" .. a end,
    o = function(a) return header_name("sent_http_", a) end,
    p = function(a)
        if a == "canonical" or a == "local" then return Cg(integer, "server_port") end
        if a == "remote" then return Cg(integer, "remote_port") end
        error("unknown port format: " .. a, 0)
    end,
    P = function(a)
        if a == "pid" then return Cg(integer, "pid") end
        if a == "tid" then return Cg(integer, "tid") end
        if a == "hextid" then
            return Cg(xdigit^1 / function(n) return tonumber(n, 16) end, "tid")
        end
        error("unknown pid format: " .. a, 0)
    end,
    t = apache_time,
}

local status_code = digit * digit * digit
local status_codes = P"!"^-1 * status_code * ("," * status_code)^0
local ap_letter = alpha + "%"
local ap_plain = P"%" * S"<>"^-1 * C(ap_letter)
local ap_with_arg = P"%" * status_codes^-1 * "{" * C((1 - P"}")^1) * "}" * C(ap_letter)
local ap_ws = space^1
local ap_items = Ct((
      Ct(Cc"ws" * ap_ws)
    + Ct(Cc"var" * ap_plain)
    + Ct(Cc"arg" * ap_with_arg)
    + Ct(Cc"text" * C((1 - (ap_ws + ap_plain + ap_with_arg))^1))
)^1)

-- Backslash escapes of a LogFormat literal: \t \n \" \\ and \ddd (decimal).
local escapes = {t = "\t", n = "\n", ['"'] = '"', ["\\"] = "\\"}
local unescape = lpeg.Cs((
      P"\\" * C(S'tn"\\') / escapes
    + P"\\" * C(digit * digit^-2) / function(d) return string.char(tonumber(d)) end
    + P"\\" / function() error("invalid escape sequence in the log_format", 0) end
    + 1
)^0)

-- Returns an LPeg grammar for log lines written with the Apache LogFormat.
function M.build_apache_grammar(log_format)
    local items = ap_items:match(log_format)
    if not items then
        error("could not parse the log_format configuration", 2)
    end
    local delimiter = WHITESPACE
    local parts = {}
    for i, item in ipairs(items) do
        local kind = item[1]
        local g
        if kind == "ws" then
            g = space^1
            delimiter = WHITESPACE
        elseif kind == "var" then
            g = apache_vars[item[2]]
            if not g then error("unknown variable: " .. item[2], 2) end
        elseif kind == "arg" then
            local f = apache_args[item[3]]
            if not f then error("unknown variable: " .. item[3], 2) end
            local ok, r = pcall(f, item[2])
            if not ok then error(r, 2) end
            g = r
        else
            local ok, literal = pcall(lpeg.match, unescape, item[2])
            if not ok then error(literal, 2) end
            g = P(literal)
            delimiter = string.sub(literal, -1)
        end
        if type(g) == "string" then g = text_field(g, delimiter) end
        parts[i] = g
    end
    return Ct(concat(parts))
end

--[[ nginx error log: 2014/02/10 08:46:36 [error] 16842#0: *8878 message ]]

local nginx_levels = {
    debug = 7, info = 6, notice = 5, warn = 4, error = 3, crit = 2, alert = 1, emerg = 0,
}
local level
for _, name in ipairs{"debug", "info", "notice", "warn", "error", "crit", "alert", "emerg"} do
    local alt = P(name) * Cc(nginx_levels[name])
    level = level and level + alt or alt
end

M.nginx_error_grammar = Ct(
      Cg(dt.build_strftime_grammar("%Y/%m/%d %T") / dt.time_to_ns, "Timestamp")
    * space * "[" * Cg(level, "Severity") * "]"
    * space * Cg(digit^1 / tonumber, "Pid") * "#"
    * Cg(Ct(Cg(digit^1 / tonumber, "tid") * ": "
            * ("*" * Cg(digit^1 / tonumber, "connection") * " ")^-1), "Fields")
    * Cg(P(1)^0, "Payload"))

--[[ User agents (coarse: browser family, major version, OS) ]]

-- major version after the last "/" of the string
local function version_of_last_product(ua)
    local last
    local pos = string.find(ua, "/", 1, true)
    while pos do
        last = pos
        pos = string.find(ua, "/", pos + 1, true)
    end
    if last then return tonumber(string.match(ua, "^(%d+)", last + 1)) end
end

-- major version right after a keyword
local function version_after(keyword)
    return function(ua)
        local s, e = string.find(ua, keyword, 1, true)
        if s then return tonumber(string.match(ua, "^(%d+)", e + 1)) end
    end
end

-- first match wins
local os_names = {
    {"iPod", "iPod"}, {"iPad", "iPad"}, {"iPhone", "iPhone"},
    {"Android", "Android"}, {"BlackBerry", "BlackBerry"}, {"Linux", "Linux"},
    {"Macintosh", "Macintosh"}, {"Mozilla/5.0 (Mobile;", "FirefoxOS"},
    {"Windows NT 10.0", "Windows 10"}, {"Windows NT 6.3", "Windows 8.1"},
    {"Windows NT 6.2", "Windows 8"}, {"Windows NT 6.1", "Windows 7"},
    {"Windows NT 6.0", "Windows Vista"}, {"Windows NT 5.1", "Windows XP"},
    {"Windows NT 5.0", "Windows 2000"},
}

local browsers = {
    {"Chrome", version_after("Chrome/")},
    {"Opera Mini", version_of_last_product},
    {"Opera Mobi", version_of_last_product},
    {"Opera", version_of_last_product},
    {"MSIE", version_after("MSIE ")},
    {"Safari", version_of_last_product},
    {"Firefox", version_after("Firefox/")},
}

-- Returns the browser family, its major version (number) and the OS of a
-- User-Agent string; each is nil when not recognised.
function M.normalize_user_agent(ua)
    if not ua then return end
    local browser, version, os_name
    for _, o in ipairs(os_names) do
        if string.find(ua, o[1], 1, true) then
            os_name = o[2]
            break
        end
    end
    for _, b in ipairs(browsers) do
        if string.find(ua, b[1], 1, true) then
            browser = b[1]
            version = b[2](ua)
            break
        end
    end
    return browser, version, os_name
end

return M
