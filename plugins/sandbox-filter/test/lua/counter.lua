-- Counts messages per value of a field and reports the counts on every tick, Heka style.
require "string"
require "table"

counts = {}
total = 0
local field = read_config("field") or "method"

function process_message()
    local v = read_message("Fields[" .. field .. "]")
    if v == nil then return -1, "no " .. field .. " field" end
    counts[v] = (counts[v] or 0) + 1
    total = total + 1
    return 0
end

function timer_event(ns)
    local names = {}
    for k in pairs(counts) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do
        add_to_payload(k, "\t", counts[k], "\n")
    end
    inject_payload("tsv", "counts")
end
