-- Splits "<ip> <method> <path> <status> <bytes>" into five fields with string.find / string.sub.
require "string"

local find, sub = string.find, string.sub
local names = {"ip", "method", "path", "status", "bytes"}

function process_message()
    local line = read_message("Payload")
    if line == nil then return -1, "no payload" end
    local pos = 1
    for i = 1, 5 do
        local s = find(line, " ", pos, true)
        local v
        if s then
            v = sub(line, pos, s - 1)
            pos = s + 1
        else
            v = sub(line, pos)
            pos = #line + 1
        end
        if v == "" then return -1, "missing " .. names[i] end
        if i >= 4 then v = tonumber(v) or v end
        write_message("Fields[" .. names[i] .. "]", v, i == 5 and "B" or "")
    end
    write_message("Type", "split")
    return 0
end
