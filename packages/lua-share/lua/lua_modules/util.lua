-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ util: table helpers (Heka for Node; same functions as the module Heka's
Lua plugins use).

  table_to_fields(t, fields, parent, separator, max_depth)
      Flattens the nested table t into fields (a table given by the caller):
      {a = {b = 1}} -> fields["a.b"] = 1. separator defaults to "."; parent
      prefixes every key. With max_depth, a table found at that depth (a
      top-level key is depth 1; a parent counts as its own levels) is stored
      as its JSON text instead of being flattened further. Userdata values
      are skipped.
  behead_array(idx, array)
      Removes the elements before index idx, in place:
      behead_array(3, {1, 2, 3, 4}) leaves {3, 4}.
--]]

local string = require "string"
local cjson = require "cjson"
local pairs, type = pairs, type

local M = {}

-- number of non-overlapping occurrences of sep in s (plain text)
local function count(s, sep)
    if sep == "" then return 0 end
    local n, pos = 0, 1
    while true do
        local _, e = string.find(s, sep, pos, true)
        if not e then return n end
        n = n + 1
        pos = e + 1
    end
end

local function flatten(t, fields, parent, sep, max_depth, depth)
    for k, v in pairs(t) do
        local key = k
        if parent then key = string.format("%s%s%s", parent, sep, k) end
        local kind = type(v)
        if kind == "table" then
            if max_depth and depth >= max_depth then
                fields[key] = cjson.encode(v)
            else
                flatten(v, fields, key, sep, max_depth, depth + 1)
            end
        elseif kind ~= "userdata" then
            fields[key] = v
        end
    end
end

function M.table_to_fields(t, fields, parent, separator, max_depth)
    if type(separator) ~= "string" then separator = "." end
    if type(max_depth) ~= "number" then max_depth = nil end
    local depth = 1
    if parent then depth = count(string.format("%s", parent), separator) + 2 end
    flatten(t, fields, parent, separator, max_depth, depth)
end

function M.behead_array(idx, array)
    if idx <= 1 then return end
    local n = #array
    local first_nil = 1 -- idx beyond the end empties the array
    if idx <= n then
        local shift = idx - 1
        for i = idx, n do
            array[i - shift] = array[i]
        end
        first_nil = n - shift + 1
    end
    for i = first_nil, n do
        array[i] = nil
    end
end

return M
