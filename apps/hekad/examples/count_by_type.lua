-- Counts messages by Type; every ticker_interval, injects the counts as JSON
-- (a heka.sandbox-output message with payload_type json and payload_name counts).
require "cjson"

local counts = {}

function process_message()
    local t = read_message("Type") or ""
    counts[t] = (counts[t] or 0) + 1
    return 0
end

function timer_event(ns)
    inject_payload("json", "counts", cjson.encode(counts))
end
