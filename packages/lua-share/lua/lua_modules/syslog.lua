-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ syslog: grammars for syslog text written by rsyslog templates (Heka for
Node; same names and captures as the module Heka's rsyslog decoder uses).

  build_rsyslog_grammar(template)  grammar from an rsyslog template string
  severity                         grammar: severity name -> number (0-7)

The grammar captures a table keyed by the lower-cased property names:
  pri                     {facility = n, severity = n}
  syslogtag               {programname = "cron", pid = n}
  timestamp, timereported (both as "timestamp"), timegenerated
                          nanoseconds; the option picks the format
                          (date-rfc3164 default, date-rfc3339, date-mysql,
                          date-pgsql, date-unixtimestamp, date-subseconds)
  syslogfacility(-text), syslogseverity(-text), syslogpriority(-text),
  pri-text                numbers
  structured-data         {id = "origin@123", _name = "value", ...} (one
                          element) or {} for "-"
  msg                     text up to the delimiter before it (a newline by
                          default); %msg:::sp-if-no-1st-sp% matches spaces
  others                  the text matched
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local string = require "string"
local math = require "math"
local dt = require "date_time"
local ip = require "ip_address"

local P, R, S, C, Cc, Cg, Ct, Cf, Cs =
    lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct, lpeg.Cf, lpeg.Cs
local digit, alnum, space = lpeg.digit, lpeg.alnum, lpeg.space
local tonumber, type, error, ipairs, rawset = tonumber, type, error, ipairs, rawset

local M = {}

--[[ RFC 5424 pieces ]]

local any = P(1)
local sp = P" "
local printusascii = R"!~"
local nilvalue = P"-"
local bom = P"\239\187\191"
local hostname = nilvalue + printusascii^-255

-- STRUCTURED-DATA: one element, its parameters prefixed with "_"
local sd_name = (printusascii - S'=]" ')^-32
local sd_unescape = function(v) return (string.gsub(v, '\\([]"\\])', "%1")) end
local sd_value = ((any - S'"\\]') + P"\\" * any)^0 / sd_unescape
local sd_param = Cg(sd_name / function(n) return "_" .. n end * '="' * sd_value * '"')
local sd_element = "[" * Cf(Ct"" * Cg(Cc"id" * C(sd_name)) * (sp * sd_param)^0, rawset) * "]"
local structured_data = Ct"" * nilvalue + sd_element

local function split_pri(text)
    local pri = tonumber(text)
    return {facility = math.floor(pri / 8), severity = pri % 8}
end
-- (an empty PRI does not match: Heka's grammar raised a Lua error there)
local pri = digit * digit^-2 / split_pri

-- lower and upper case names -> number
local function names(list)
    local p
    for _, pair in ipairs(list) do
        local name, n = pair[1], pair[2]
        local alt = (P(name) + P(string.upper(name))) * Cc(n)
        p = p and p + alt or alt
    end
    return p
end

-- rsyslog's severity names (runtime/msg.c), longest first where one name
-- starts another ("warning" before "warn", "error" before "err")
local severity_text = names{
    {"debug", 7}, {"info", 6}, {"notice", 5}, {"warning", 4}, {"warn", 4},
    {"error", 3}, {"err", 3}, {"crit", 2}, {"alert", 1}, {"emerg", 0},
    {"panic", 0},
}

local facility_text = names{
    {"kern", 0}, {"user", 1}, {"mail", 2}, {"daemon", 3}, {"auth", 4},
    {"security", 4}, {"syslog", 5}, {"lpr", 6}, {"news", 7}, {"uucp", 8},
    {"cron", 9}, {"authpriv", 10}, {"ftp", 11}, {"ntp", 12}, {"audit", 13},
    {"alert", 14}, {"clock", 15}, {"local0", 16}, {"local1", 17},
    {"local2", 18}, {"local3", 19}, {"local4", 20}, {"local5", 21},
    {"local6", 22}, {"local7", 23},
}

--[[ Time properties ]]

local time_grammars = {
    ["date-rfc3164"]          = dt.rfc3164_timestamp / dt.time_to_ns,
    ["date-rfc3164-buggyday"] = dt.rfc3164_timestamp / dt.time_to_ns,
    ["date-mysql"]            = dt.mysql_timestamp / dt.time_to_ns,
    ["date-pgsql"]            = dt.pgsql_timestamp / dt.time_to_ns,
    ["date-rfc3339"]          = dt.rfc3339 / dt.time_to_ns,
    ["date-unixtimestamp"]    = digit^1 / dt.seconds_to_ns,
    ["date-subseconds"]       = digit^1 / tonumber,
}

-- timereported is an alias of timestamp (and captured under that name)
local function time_property(prop)
    if prop.name == "timereported" then prop.name = "timestamp" end
    local g = prop.options and time_grammars[string.lower(prop.options)]
    return g or time_grammars["date-rfc3164"]
end

local programname = (printusascii - S" :[")^0

local properties = {
    rawmsg                  = any^0,
    hostname                = hostname,
    source                  = hostname,
    fromhost                = hostname,
    ["fromhost-ip"]         = ip.v4 + ip.v6,
    syslogtag               = Ct(Cg(programname, "programname")
                                 * ("[" * Cg(digit^1 / tonumber, "pid") * "]")^-1
                                 * P":"^-1),
    programname             = programname,
    pri                     = pri,
    ["pri-text"]            = facility_text * "." * severity_text * "<" * pri * ">",
    iut                     = digit^1,
    syslogfacility          = digit^-3 / tonumber,
    ["syslogfacility-text"] = facility_text,
    syslogseverity          = digit / tonumber,
    ["syslogseverity-text"] = severity_text,
    syslogpriority          = digit / tonumber,
    ["syslogpriority-text"] = severity_text,
    timegenerated           = time_property,
    timereported            = time_property,
    timestamp               = time_property,
    ["protocol-version"]    = digit^1,
    ["structured-data"]     = structured_data,
    ["app-name"]            = nilvalue + printusascii^-48,
    procid                  = nilvalue + printusascii^-128,
    msgid                   = nilvalue + printusascii^-32,
    inputname               = printusascii^0,
    ["$bom"]                = bom,
    ["$now"]                = dt.rfc3339_full_date,
    ["$year"]               = dt.date_fullyear,
    ["$month"]              = dt.date_month,
    ["$day"]                = dt.date_mday,
    ["$hour"]               = dt.time_hour,
    ["$hhour"]              = P"0" * S"01",
    ["$qhour"]              = P"0" * R"03",
    ["$minute"]             = dt.time_minute,
}

--[[ Template parsing ]]

-- %name:from:to:options% (only the options matter here)
local prop_name = Cg((alnum + S"-$")^1, "name")
local substring = P":" * (1 - P":")^0 * ":" * (1 - S":%")^0
local options = P":" * Cg((1 - P"%")^0, "options")
local property = P"%" * Ct(prop_name * substring^-1 * options^-1) * "%"

local template_items = Ct((
      Ct(Cc"ws" * space)
    + Ct(Cc"prop" * property)
    + Ct(Cc"text" * C((1 - (space + property))^1))
)^1)

-- backslash escapes of template literals
local escapes = {t = "\t", n = "\n", r = "\r", ['"'] = '"', ["'"] = "'",
                 ["\\"] = "\\", ["%"] = "%", a = "\a", b = "\b", f = "\f", v = "\v"}
local unescape = Cs((
      P"\\" * C(S"tnr\"'\\%abfv") / escapes
    + P"\\" * C(digit * digit^-2) / function(d) return string.char(tonumber(d)) end
    + P"\\" / function() error("invalid escape sequence in the rsyslog template", 0) end
    + 1
)^0)

local function concat(list)
    local g = list[1]
    for i = 2, #list do g = g * list[i] end
    return g
end

-- Returns an LPeg grammar for lines written with the rsyslog template.
function M.build_rsyslog_grammar(template)
    local items = template_items:match(template)
    if not items then
        error("could not parse the rsyslog template", 2)
    end
    -- msg runs up to the last character of the literal right before it, or
    -- to a newline when a property came last
    local delimiter = P"\n"
    local parts = {}
    for i, item in ipairs(items) do
        local kind, value = item[1], item[2]
        if kind == "ws" then
            parts[i] = space
        elseif kind == "text" then
            local ok, literal = pcall(lpeg.match, unescape, value)
            if not ok then error(literal, 2) end
            parts[i] = P(literal)
            delimiter = P(string.sub(literal, -1))
        elseif value.options == "sp-if-no-1st-sp" then
            parts[i] = sp^1
        else
            value.name = string.lower(value.name)
            local g
            if value.name == "msg" then
                g = (any - delimiter)^0
            else
                g = properties[value.name]
                if not g then
                    error(string.format("invalid rsyslog property: '%s'", value.name), 2)
                end
                if type(g) == "function" then g = g(value) end
            end
            delimiter = P"\n"
            parts[i] = Cg(g, value.name)
        end
    end
    return Ct(concat(parts))
end

M.severity = severity_text

return M
