-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ annotation: graph annotations for circular buffer outputs (Heka for
Node; the same API as Heka's annotation module).

  create(ns, col, stext, text)      -> {x = ms, col =, shortText =, text =}
  add(name, ns, col, stext, text)   adds one to the list of payload `name`
  concat(name, annotations)         appends a list of them
  remove(name)                      drops the list of payload `name`
  set_prune(name, ns_duration)      how long annotations stay (default a day)
  prune(name, ns)                   drops the expired ones and returns the
                                    list as JSON ('{"annotations":[...]}\n'),
                                    nil when `name` has none

The lists live in the global _ANNOTATIONS (name -> {annotations = {...},
prune_duration = ns}) so that they are preserved with the sandbox's data.
--]]

local math = require "math"
local table = require "table"
local cjson = require "cjson"
local ipairs = ipairs

_ANNOTATIONS = {}

local M = {}

local default_prune = 60 * 60 * 24 * 1e9

-- Lists preserved by very old versions were bare arrays with a
-- _prune_duration key; they are converted on first use.
local function current_schema(name, a)
    if a and not a.annotations then
        local converted = {prune_duration = a._prune_duration, annotations = a}
        a._prune_duration = nil
        _ANNOTATIONS[name] = converted
        return converted
    end
    return a
end

local function entry(name)
    local a = current_schema(name, _ANNOTATIONS[name])
    if not a then
        a = {annotations = {}, prune_duration = default_prune}
        _ANNOTATIONS[name] = a
    end
    return a
end

function M.create(ns, col, stext, text)
    return {x = math.floor(ns / 1e6), col = col, shortText = stext, text = text}
end

function M.add(name, ns, col, stext, text)
    local list = entry(name).annotations
    list[#list + 1] = M.create(ns, col, stext, text)
end

function M.remove(name)
    _ANNOTATIONS[name] = nil
end

function M.concat(name, annotations)
    local list = entry(name).annotations
    for _, v in ipairs(annotations) do
        list[#list + 1] = v
    end
end

function M.prune(name, ns)
    local a = _ANNOTATIONS[name]
    if not a then return end
    a = current_schema(name, a)

    local list = a.annotations
    local n = #list
    local kept = 0
    for i = 1, n do
        local v = list[i]
        list[i] = nil
        if v.x * 1e6 + a.prune_duration > ns then
            kept = kept + 1
            list[kept] = v
        end
    end
    return cjson.encode({annotations = list}) .. "\n"
end

function M.set_prune(name, ns_duration)
    entry(name).prune_duration = ns_duration
end

return M
