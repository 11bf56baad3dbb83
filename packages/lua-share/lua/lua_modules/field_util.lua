-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ field_util: field list helpers for encoders (Heka for Node; the same API
as Heka's field_util module).

  base_fields_list        {EnvVersion, Hostname, Logger, Payload, Pid,
                           Severity, Type} (name -> true)
  base_fields_tag_list    {Hostname, Logger, Severity, Type}
  field_map(fields_str)   -> set of the space separated names, whether
                           "**all_base**" was given, whether "**all**" was
                           given (either adds the base fields); an empty or
                           nil string gives base_fields_list, true, false
  message_timestamp(precision)
                          the message Timestamp in "ms" (default), "s", "m"
                          or "h", rounded down
  used_base_fields(skip_fields)
                          the base fields that are in skip_fields
--]]

local math = require "math"
local string = require "string"
local pairs = pairs

local M = {}

M.base_fields_list = {
    EnvVersion = true,
    Hostname = true,
    Logger = true,
    Payload = true,
    Pid = true,
    Severity = true,
    Type = true,
}

M.base_fields_tag_list = {
    Hostname = true,
    Logger = true,
    Severity = true,
    Type = true,
}

local divisors = {s = 1e9, m = 60e9, h = 3600e9}

function M.field_map(fields_str)
    if not fields_str or fields_str == "" then
        return M.base_fields_list, true, false
    end
    local fields, all_base, all = {}, false, false
    for name in string.gmatch(fields_str, "%S+") do
        fields[name] = true
        if name == "**all_base**" then all_base = true end
        if name == "**all**" then all = true end
    end
    if all_base or all then
        for name in pairs(M.base_fields_list) do fields[name] = true end
    end
    return fields, all_base, all
end

function M.message_timestamp(timestamp_precision)
    local divisor = divisors[timestamp_precision] or 1e6
    return math.floor(read_message("Timestamp") / divisor)
end

function M.used_base_fields(skip_fields)
    local fields = {}
    if skip_fields then
        for name in pairs(M.base_fields_list) do
            if skip_fields[name] then fields[name] = true end
        end
    end
    return fields
end

return M
