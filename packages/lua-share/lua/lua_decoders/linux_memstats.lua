-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ /proc/meminfo decoder (Heka for Node; the configuration and the message
of Heka's lua_decoders/linux_memstats.lua).

Config:
- payload_keep (bool, default false): keep the file text as the Payload.

    [MemStats]
    type = "FilePollingInput"
    ticker_interval = 1
    file_path = "/proc/meminfo"
    decoder = "MemStatsDecoder"

    [MemStatsDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/linux_memstats.lua"

Message: Type "stats.memstats", one field per line named as in the file
(MemTotal, MemFree, ...; a number with representation "kB", or "" for counts
such as HugePages_Total) and FilePath (copied from the input's field).
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local P, C, Cc, Cg, Ct, Cf = lpeg.P, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct, lpeg.Cf
local digit, space = lpeg.digit, lpeg.space

local name = C((1 - P":")^1) * ":"
local unit = Cg(P"\n" * Cc"" + space * C"kB" * "\n", "representation")
local line = Cg(name * space^1 * Ct(Cg(digit^1 / tonumber, "value") * unit))
local grammar = Cf(Ct"" * line^1, rawset)

local payload_keep = read_config("payload_keep")

function process_message()
    local data = read_message("Payload")
    local fields = grammar:match(data)
    if not fields then return -1 end
    fields.FilePath = read_message("Fields[FilePath]")
    local msg = {Type = "stats.memstats", Fields = fields}
    if payload_keep then msg.Payload = data end
    inject_message(msg)
    return 0
end
