-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ /proc/net/snmp and /proc/net/netstat decoder (Heka for Node; the
configuration and the message of Heka's lua_decoders/linux_netstat.lua).

Config:
- payload_keep (bool, default false): keep the file text as the Payload.

    [NetSnmp]
    type = "FilePollingInput"
    ticker_interval = 1
    file_path = "/proc/net/snmp"
    decoder = "NetstatDecoder"

    [NetstatDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/linux_netstat.lua"

Message: Type "stats.netstat", one INTEGER field <Protocol>_<Counter> per
value (Ip_InReceives, Tcp_CurrEstab, TcpExt_SyncookiesSent, ...) and
FilePath (copied from the input's field).
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local P, C, Ct = lpeg.P, lpeg.C, lpeg.Ct
local alnum, digit = lpeg.alnum, lpeg.digit

local keyword = C(alnum^1)
local counter = P"-"^-1 * digit^1 / tonumber
-- "Proto: Name1 Name2 ...\nProto: 1 2 ...\n"
local names_line = keyword * ":" * Ct((" " * keyword)^1) * "\n"
local values_line = alnum^1 * ":" * Ct((" " * counter)^1) * "\n"
local grammar = Ct(Ct(names_line * values_line)^1)

local payload_keep = read_config("payload_keep")

function process_message()
    local data = read_message("Payload")
    local parsed = grammar:match(data)
    if not parsed then return -1, "Failed to match grammar" end

    local fields = {}
    for _, block in ipairs(parsed) do
        local proto, names, values = block[1], block[2], block[3]
        for i, name in ipairs(names) do
            local v = values[i]
            if v then fields[proto .. "_" .. name] = {value = v, value_type = 2} end
        end
    end
    fields.FilePath = read_message("Fields[FilePath]")

    local msg = {Type = "stats.netstat", Fields = fields}
    if payload_keep then msg.Payload = data end
    inject_message(msg)
    return 0
end
