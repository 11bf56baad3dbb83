-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ msg_interpolate: %{name} substitution from the current message (Heka for
Node; the same API as Heka's msg_interpolate module).

  interpolate_from_msg(value, secs) -> text, number of substitutions

Each %{name} becomes, in this order of preference: the header Type,
Hostname, Pid, UUID, Logger, EnvVersion or Severity of the message being
processed; the value of its field `name` (booleans as "true"/"false"); the
strftime expansion of `name` for the time `secs` (seconds since the epoch,
the current time when nil), when that changes anything. Otherwise it stays
as written.
--]]

local os = require "os"
local string = require "string"
local tostring, type = tostring, type

local M = {}

local headers = {
    Type = "Type",
    Hostname = "Hostname",
    Pid = "Pid",
    UUID = "Uuid",
    Logger = "Logger",
    EnvVersion = "EnvVersion",
    Severity = "Severity",
}

local when

local function substitute(name)
    local header = headers[name]
    if header then return read_message(header) end

    local v = read_message("Fields[" .. name .. "]")
    if type(v) == "boolean" then return tostring(v) end
    if v then return v end

    local t = os.date(name, when)
    if t ~= name then return t end
end

function M.interpolate_from_msg(value, secs)
    when = secs
    return string.gsub(value, "%%{(.-)}", substitute)
end

return M
