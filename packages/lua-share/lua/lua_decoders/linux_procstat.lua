-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ /proc/stat decoder (Heka for Node; the configuration and the message of
Heka's lua_decoders/linux_procstat.lua).

Config:
- payload_keep (bool, default false): keep the file text as the Payload.

    [ProcStats]
    type = "FilePollingInput"
    ticker_interval = 1
    file_path = "/proc/stat"
    decoder = "ProcStatDecoder"

    [ProcStatDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/linux_procstat.lua"

Message: Type "stats.procstat", one DOUBLE field per line named by its
first word, holding the line's numbers: cpu and cpuN (user nice system idle
iowait irq softirq steal guest guest_nice), intr, ctxt, btime, processes,
procs_running, procs_blocked, softirq.
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local P, C, Cg, Ct, Cf = lpeg.P, lpeg.C, lpeg.Cg, lpeg.Ct, lpeg.Cf
local alnum, digit = lpeg.alnum, lpeg.digit

local sp = P" "^1
local numbers = Ct((digit^1 / tonumber * sp^0)^1)
local line = Cg(C((alnum + "_")^1) * sp * numbers) * P"\n"^0
local grammar = Cf(Ct"" * line^1, rawset)

local payload_keep = read_config("payload_keep")

function process_message()
    local data = read_message("Payload")
    local fields = grammar:match(data)
    if not fields then return -1 end
    local msg = {Type = "stats.procstat", Fields = fields}
    if payload_keep then msg.Payload = data end
    inject_message(msg)
    return 0
end
