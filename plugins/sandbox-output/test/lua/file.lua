-- Appends each message's payload to the file named by config "path"; a tick writes a marker line.
require "io"
require "string"

local path = read_config("path") or "/dev/null"
written = 0

function process_message()
    local payload = read_message("Payload")
    if string.find(payload, "^FAILURE") then return -1, "failure message" end
    if string.find(payload, "^FATAL") then error("fatal error") end
    local fh = io.open(path, "a")
    fh:write(payload, "\n")
    fh:close()
    written = written + 1
    return 0
end

function timer_event(ns)
    local fh = io.open(path, "a")
    fh:write("tick ", written, "\n")
    fh:close()
end
