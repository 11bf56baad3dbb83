-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ elasticsearch: Elasticsearch helpers (Heka for Node; the same API as
Heka's elasticsearch module).

  bulkapi_index_json(index, type_name, id, ns)
      -> '{"index":{"_index":...,"_type":...,"_id":...}}', the action line
      of the Bulk API. A nil argument leaves its key out. The strings are
      interpolated with msg_interpolate (%{Field} and strftime); ns
      (nanoseconds) is the time used for strftime, the current time when nil.
--]]

local cjson = require "cjson"
local interp = require "msg_interpolate"
local table = require "table"

local M = {}

function M.bulkapi_index_json(index, type_name, id, ns)
    local secs = nil
    if ns then secs = ns / 1e9 end
    local parts = {}
    local function add(key, value)
        if value then
            local text = interp.interpolate_from_msg(value, secs)
            parts[#parts + 1] = '"' .. key .. '":' .. cjson.encode(text)
        end
    end
    add("_index", index)
    add("_type", type_name)
    add("_id", id)
    return '{"index":{' .. table.concat(parts, ",") .. "}}"
end

return M
