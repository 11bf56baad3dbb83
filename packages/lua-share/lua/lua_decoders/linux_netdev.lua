-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ /proc/net/dev decoder (Heka for Node; the configuration and the messages
of Heka's lua_decoders/linux_netdev.lua).

Config:
- payload_keep (bool, default false): keep the file text as the Payload.

    [Netdev]
    type = "FilePollingInput"
    ticker_interval = 1
    file_path = "/proc/net/dev"
    decoder = "NetdevDecoder"

    [NetdevDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/linux_netdev.lua"

One message per interface: Type "stats.netdev", Fields netdevice (the
interface name), receive_<column> and transmit_<column> for the columns of
the file's header (receive_bytes, receive_packets, ..., transmit_carrier,
transmit_compressed) as INTEGER fields, and FilePath (copied from the
input's field).
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local P, S, C, Cg, Ct = lpeg.P, lpeg.S, lpeg.C, lpeg.Cg, lpeg.Ct
local digit, lower = lpeg.digit, lpeg.lower

local pad = P" "^0
local column = C((lower + digit)^1)
local columns = Ct((column * pad)^1)
local header = P"Inter-" * "|" * pad * "Receive" * pad * "|" * pad * "Transmit" * "\n"
             * pad * "face" * pad * "|" * pad * Cg(columns, "receive") * "|" * pad
             * Cg(columns, "transmit") * "\n"
local counter = digit^1 / tonumber
local interface = Ct(pad * C((1 - S" :\n")^1) * ":" * pad * Ct((counter * pad)^1) * "\n")
local grammar = Ct(Ct(header) * Ct(interface^1))

local payload_keep = read_config("payload_keep")

function process_message()
    local data = read_message("Payload")
    local parsed = grammar:match(data)
    if not parsed then return -1, "Failed to match grammar" end

    local names = {}
    for _, c in ipairs(parsed[1].receive) do names[#names + 1] = "receive_" .. c end
    for _, c in ipairs(parsed[1].transmit) do names[#names + 1] = "transmit_" .. c end

    local file_path = read_message("Fields[FilePath]")
    for _, row in ipairs(parsed[2]) do
        local fields = {FilePath = file_path, netdevice = row[1]}
        for i, v in ipairs(row[2]) do
            local name = names[i]
            if name then fields[name] = {value = v, value_type = 2} end
        end
        local msg = {Type = "stats.netdev", Fields = fields}
        if payload_keep then msg.Payload = data end
        inject_message(msg)
    end
    return 0
end
