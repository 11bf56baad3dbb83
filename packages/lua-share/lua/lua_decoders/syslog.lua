-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ syslog decoder (Heka for Node; Heka shipped no such decoder, its message
follows lua_decoders/rsyslog.lua): syslog messages as received from the
network or a syslog socket, in either standard format:

  RFC 5424  <165>1 2003-08-24T05:14:15.000003-07:00 host app 8710 ID47 [sd] msg
  RFC 3164  <34>Oct 11 22:14:15 host su[123]: msg  (the <PRI>, the host and
            the [pid] may be missing; an RFC 3339 time is accepted too)

Config:
- type (string, default "syslog"): the message Type.
- tz (string, default UTC): time zone of RFC 3164 times (an IANA name); the
  sandbox applies it to every message of this decoder, so do not set it for
  RFC 5424 sources.
- hostname_keep (bool, default false): keep the message Hostname the input
  set instead of the one in the message.

    [SyslogInput]
    type = "UdpInput"
    address = "127.0.0.1:5514"
    decoder = "SyslogDecoder"

    [SyslogDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/syslog.lua"

Message: Timestamp, Severity (PRI % 8), Hostname, Pid (from "[pid]" or a
numeric PROCID), Payload (the text, without a BOM or trailing newlines),
Fields syslogfacility (PRI / 8), programname (tag or APP-NAME) and, for RFC
5424, msgid, procid (when not a number) and structured-data (the raw
elements), each only when not "-".
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local math = require "math"
local string = require "string"
local dt = require "date_time"

local P, R, S, C, Cc, Cg, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct
local digit = lpeg.digit

local sp = P" "
local any = P(1)
local printable = R"!~"
local nilvalue = P"-"

local pri = P"<" * Cg(digit * digit^-2 / tonumber, "pri") * ">"
local function token(name, max)
    return nilvalue + Cg(printable^-max, name)
end

-- RFC 5424
local sd_value = P'"' * ((any - S'"\\') + P"\\" * any)^0 * '"'
local sd_element = P"[" * (printable - S'= ]"')^1
                 * (sp * (printable - S'= ]"')^1 * "=" * sd_value)^0 * "]"
local rfc5424 = pri * "1" * sp
              * (nilvalue + Cg(dt.rfc3339 / dt.time_to_ns, "timestamp")) * sp
              * token("hostname", 255) * sp
              * token("programname", 48) * sp
              * token("procid", 128) * sp
              * token("msgid", 32) * sp
              * (nilvalue + Cg(sd_element^1, "structured-data")) * #(sp + S"\r\n" + -1)
              * (sp * P"\239\187\191"^-1 * Cg(any^0, "msg"))^-1

-- RFC 3164
local time = Cg(dt.rfc3164_timestamp / dt.time_to_ns + dt.rfc3339 / dt.time_to_ns, "timestamp")
local programname = (printable - S":[")^1
local tag = Cg(programname, "programname") * ("[" * Cg(digit^1 / tonumber, "pid") * "]")^-1 * ":"
local host = -(tag * (sp + -1)) * Cg((printable - P":")^1, "hostname") * sp
local rfc3164 = pri^-1 * time * sp^1 * host^-1 * (tag * sp^0)^-1 * Cg(any^0, "msg")

local grammar = Ct(rfc5424 + rfc3164)

local msg_type = read_config("type") or "syslog"
local hostname_keep = read_config("hostname_keep")

function process_message()
    local f = grammar:match(read_message("Payload"))
    if not f then return -1 end

    local fields = {programname = f.programname, msgid = f.msgid,
                    ["structured-data"] = f["structured-data"]}
    local msg = {Type = msg_type, Timestamp = f.timestamp, Fields = fields}
    if f.msg then msg.Payload = string.gsub(f.msg, "[\r\n]+$", "") end
    if f.pri then
        if f.pri > 191 then return -1 end
        msg.Severity = f.pri % 8
        fields.syslogfacility = math.floor(f.pri / 8)
    end
    if f.pid then
        msg.Pid = f.pid
    elseif f.procid then
        local pid = tonumber(f.procid)
        if pid then msg.Pid = pid else fields.procid = f.procid end
    end
    if not hostname_keep then msg.Hostname = f.hostname end

    inject_message(msg)
    return 0
end
