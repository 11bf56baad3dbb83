-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ ts_line_protocol: time series lines from the current message (Heka for
Node; the same API and options as Heka's ts_line_protocol module).

  set_config(client_config)   -> the module configuration to pass below;
                                 call it first. Options (defaults):
      carbon_format (false), decimal_precision ("6"), name_prefix,
      name_prefix_delimiter, skip_fields_str, source_value_field,
      tag_fields_str ("**all_base**"), timestamp_precision ("ms"),
      value_field_key ("value")
  influxdb_line_msg(config)   -> list of InfluxDB line protocol lines
  carbon_line_msg(config)     -> list of Carbon plaintext lines

Every dynamic field of the message becomes one point named
<name_prefix><delimiter><field> (a repeated field name gets _fidx_<n>, each
further array value _vidx_<n>); with source_value_field only that field's
value is used, under name_prefix. name_prefix may hold %{...} (see
msg_interpolate). InfluxDB lines carry the tags chosen by tag_fields_str
(base fields and/or dynamic fields; "**all**", "**all_base**"); numbers are
written with decimal_precision decimals, strings quoted, booleans as
true/false. Carbon lines keep numeric values only; non-word characters of
field names become "_".
--]]

local field_util = require "field_util"
local interp = require "msg_interpolate"
local string = require "string"
local table = require "table"
local ipairs, pairs, tostring, type = ipairs, pairs, tostring, type

local M = {}

local number_format = "%.6f"

-- escapes spaces and commas (InfluxDB keys and tag values)
local function escaped(v)
    return (string.gsub(tostring(v), "([ ,])", "\\%1"))
end

local function tag(name, value)
    return escaped(name) .. "=" .. escaped(value)
end

-- points (name -> value) and tags (list of "k=v") of the current message
local function points_and_tags(config)
    local prefix = config.name_prefix or ""
    if config.interp_name_prefix then
        prefix = interp.interpolate_from_msg(prefix)
    end
    local delimiter = config.name_prefix_delimiter or ""
    local tag_fields = config.used_tag_fields
    local skip = config.skip_fields

    local tags = {}
    if not config.carbon_format
        and (config.tag_fields_all or config.tag_fields_all_base or tag_fields) then
        for name in pairs(field_util.base_fields_tag_list) do
            if config.tag_fields_all or config.tag_fields_all_base or tag_fields[name] then
                tags[#tags + 1] = tag(name, read_message(name))
            end
        end
    end

    local msg = decode_message(read_message("raw"))
    if not msg.Fields then return 0 end

    local points = {}
    local seen = {}
    for _, field in ipairs(msg.Fields) do
        local name = field.name
        if config.carbon_format then
            name = string.gsub(name, "[^%w]", "_")
        end

        local occurrence = (seen[name] or -1) + 1
        seen[name] = occurrence
        local out_name = name
        if occurrence > 0 then
            out_name = string.format("%s_fidx_%d", out_name, occurrence)
        end

        for i, value in ipairs(field.value) do
            if i > 1 then
                out_name = string.format("%s_vidx_%d", out_name, i - 1)
            end

            if not config.carbon_format and config.tag_fields_all
                or (tag_fields and tag_fields[name]) then
                tags[#tags + 1] = tag(out_name, value)
            end

            if config.source_value_field then
                if name == config.source_value_field then
                    points[prefix] = value
                end
            elseif not config.skip_fields_str or (skip and not skip[name]) then
                points[prefix .. delimiter .. out_name] = value
            end
        end
    end
    return points, tags
end

function M.carbon_line_msg(config)
    local lines = {}
    local timestamp = field_util.message_timestamp(config.timestamp_precision)
    local points = points_and_tags(config)
    if type(points) ~= "table" then return lines end
    for name, value in pairs(points) do
        value = tostring(value)
        -- Carbon stores numbers only
        if string.match(value, "^[%d.]+$") then
            lines[#lines + 1] = string.format("%s %s %s", name, value, timestamp)
        end
    end
    return lines
end

function M.influxdb_line_msg(config)
    local lines = {}
    local timestamp = field_util.message_timestamp(config.timestamp_precision)
    local points, tags = points_and_tags(config)
    if type(points) ~= "table" then return lines end
    local tag_text = nil
    if tags and #tags > 0 then tag_text = table.concat(tags, ",") end

    for name, value in pairs(points) do
        local kind = type(value)
        if kind == "string" then
            value = '"' .. string.gsub(value, '"', '\\"') .. '"'
        elseif kind == "number" then
            -- always a float, so that a series keeps one type in InfluxDB
            value = string.format(number_format, value)
        else
            value = tostring(value)
        end

        local key = escaped(name)
        if tag_text then key = key .. "," .. tag_text end
        lines[#lines + 1] = string.format("%s %s=%s %d", key, config.value_field_key, value, timestamp)
    end
    return lines
end

function M.set_config(client_config)
    local config = {
        carbon_format = false,
        decimal_precision = "6",
        name_prefix = false,
        name_prefix_delimiter = false,
        skip_fields_str = false,
        source_value_field = false,
        tag_fields_str = "**all_base**",
        timestamp_precision = "ms",
        value_field_key = "value",
    }
    for option in pairs(config) do
        if client_config[option] then config[option] = client_config[option] end
    end

    number_format = "%." .. config.decimal_precision .. "f"

    if config.skip_fields_str then
        config.skip_fields, config.skip_fields_all_base = field_util.field_map(client_config.skip_fields_str)
        config.used_base_fields = field_util.used_base_fields(config.skip_fields)
    end

    if config.tag_fields_str then
        config.used_tag_fields, config.tag_fields_all_base, config.tag_fields_all =
            field_util.field_map(client_config.tag_fields_str)
    end

    config.interp_name_prefix = false
    if config.name_prefix and string.find(config.name_prefix, "%%{[%w%p]-}") then
        config.interp_name_prefix = true
    end

    return config
end

return M
