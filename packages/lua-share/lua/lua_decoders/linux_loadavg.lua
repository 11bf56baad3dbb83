-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ /proc/loadavg decoder (Heka for Node; the configuration and the message
of Heka's lua_decoders/linux_loadavg.lua).

Config:
- payload_keep (bool, default false): keep the file text as the Payload.

    [LoadAvg]
    type = "FilePollingInput"
    ticker_interval = 1
    file_path = "/proc/loadavg"
    decoder = "LoadAvgDecoder"

    [LoadAvgDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/linux_loadavg.lua"

Message: Type "stats.loadavg", Fields 1MinAvg, 5MinAvg, 15MinAvg,
NumProcesses (numbers) and FilePath (copied from the input's field).
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local Cg, Ct = lpeg.Cg, lpeg.Ct
local digit, space = lpeg.digit, lpeg.space

local decimal = digit^1 * "." * digit^1 / tonumber
local grammar = Ct(Cg(decimal, "1MinAvg") * space * Cg(decimal, "5MinAvg") * space
                   * Cg(decimal, "15MinAvg") * space
                   * Cg(digit^1 / tonumber, "NumProcesses") * "/" * digit^1 -- running/total
                   * space * digit^1)                                        -- last pid

local payload_keep = read_config("payload_keep")

function process_message()
    local data = read_message("Payload")
    local fields = grammar:match(data)
    if not fields then return -1 end
    fields.FilePath = read_message("Fields[FilePath]")
    local msg = {Type = "stats.loadavg", Fields = fields}
    if payload_keep then msg.Payload = data end
    inject_message(msg)
    return 0
end
