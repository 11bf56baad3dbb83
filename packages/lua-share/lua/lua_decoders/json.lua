-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ JSON decoder (Heka for Node; the configuration and the message of
Heka's lua_decoders/json.lua): a JSON object payload flattened into fields.

Config:
- type (string, default "json"): the message Type.
- payload_keep (bool, default false): keep the JSON text as the Payload.
- map_fields (bool, default false): take message headers from JSON keys:
- Payload, Uuid, Type, Logger, Hostname (strings), Severity, EnvVersion, Pid
  (numbers) (string, optional): the JSON key holding that header. A key
  that is absent or of another type leaves the header to the input's value.
- Timestamp (string, optional): the JSON key holding the time, nanoseconds
  since the epoch unless timestamp_format is set (used even without
  map_fields).
- timestamp_format (string, optional): strftime format of that time.
- maximum_depth (integer, optional): objects nested deeper are kept as their
  JSON text.
- separator (string, default "."): joins nested keys ({"a":{"b":1}} -> a.b).

    [JsonDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/json.lua"

    [JsonDecoder.config]
    type = "artemis"
    payload_keep = true
    map_fields = true
    Severity = "severity"

Strings, numbers and booleans become STRING, DOUBLE and BOOL fields; arrays
become keys with their index (list.1, list.2); JSON null is dropped.
--]]

local cjson = require "cjson"
local util = require "util"
local dt = require "date_time"

local max_depth = read_config("maximum_depth")
local separator = read_config("separator")
local map_fields = read_config("map_fields")
local payload_keep = read_config("payload_keep")
local msg_type = read_config("type") or "json"
local timestamp_key = read_config("Timestamp")
local timestamp_format = read_config("timestamp_format")
local timestamp_grammar = timestamp_format and dt.build_strftime_grammar(timestamp_format)

-- header -> {JSON key, Lua type it must have}
local header_map = {}
if map_fields then
    local headers = {
        Payload = "string", Uuid = "string", Type = "string", Logger = "string",
        Hostname = "string", Severity = "number", EnvVersion = "number", Pid = "number",
    }
    for header, kind in pairs(headers) do
        local key = read_config(header)
        if key then header_map[header] = {key, kind} end
    end
end

function process_message()
    local payload = read_message("Payload")
    local ok, json = pcall(cjson.decode, payload)
    if not ok then return -1, "Failed to decode JSON." end
    if type(json) ~= "table" then return -1, "Failed to flatten message." end

    local msg = {Type = msg_type}
    if payload_keep then msg.Payload = payload end

    for header, m in pairs(header_map) do
        local key, kind = m[1], m[2]
        local v = json[key]
        if type(v) == kind then
            msg[header] = v
            json[key] = nil
        else
            msg[header] = nil
        end
    end

    if timestamp_key then
        local ts = json[timestamp_key]
        if ts then
            if timestamp_grammar then
                local t = timestamp_grammar:match(ts)
                if not t then return -1, "Failed to decode timestamp." end
                msg.Timestamp = dt.time_to_ns(t)
            else
                msg.Timestamp = ts
            end
        end
        json[timestamp_key] = nil
    end

    local flat = {}
    if not pcall(util.table_to_fields, json, flat, nil, separator, max_depth) then
        return -1, "Failed to flatten message."
    end
    msg.Fields = flat

    if not pcall(inject_message, msg) then
        return -1, "Failed to inject message."
    end
    return 0
end
