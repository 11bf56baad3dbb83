-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ /sys/block/<device>/stat decoder (Heka for Node; the configuration and
the message of Heka's lua_decoders/linux_diskstats.lua).

Config:
- payload_keep (bool, default false): keep the file text as the Payload.

    [DiskStats]
    type = "FilePollingInput"
    ticker_interval = 1
    file_path = "/sys/block/sda/stat"
    decoder = "DiskStatsDecoder"

    [DiskStatsDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/linux_diskstats.lua"

Message: Type "stats.diskstats", Fields (numbers) ReadsCompleted,
ReadsMerged, SectorsRead, TimeReading, WritesCompleted, WritesMerged,
SectorsWritten, TimeWriting, NumIOInProgress, TimeDoingIO,
WeightedTimeDoingIO and, from kernels that write them, DiscardsCompleted,
DiscardsMerged, SectorsDiscarded, TimeDiscarding, FlushesCompleted,
TimeFlushing; FilePath and TickerInterval (copied from the input's fields).
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local P, Cg, Ct = lpeg.P, lpeg.Cg, lpeg.Ct
local digit = lpeg.digit

local function columns(names)
    local p = P(true)
    for _, name in ipairs(names) do
        p = p * lpeg.space^0 * Cg(digit^1 / tonumber, name)
    end
    return p
end

local classic = columns{"ReadsCompleted", "ReadsMerged", "SectorsRead", "TimeReading",
                        "WritesCompleted", "WritesMerged", "SectorsWritten", "TimeWriting",
                        "NumIOInProgress", "TimeDoingIO", "WeightedTimeDoingIO"}
local discards = columns{"DiscardsCompleted", "DiscardsMerged", "SectorsDiscarded", "TimeDiscarding"}
local flushes = columns{"FlushesCompleted", "TimeFlushing"}
local trailing = P" "^0

local grammar = Ct(classic * (discards * flushes^-1)^-1 * trailing * "\n")

local payload_keep = read_config("payload_keep")

function process_message()
    local data = read_message("Payload")
    local fields = grammar:match(data)
    if not fields then return -1 end
    fields.FilePath = read_message("Fields[FilePath]")
    fields.TickerInterval = read_message("Fields[TickerInterval]")
    local msg = {Type = "stats.diskstats", Fields = fields}
    if payload_keep then msg.Payload = data end
    inject_message(msg)
    return 0
end
