-- Writes "<Type> <Payload>" for each message, or skips heartbeats (-2), Heka style.
require "string"

function process_message()
    local t = read_message("Type")
    if t == "heartbeat" then return -2 end
    inject_payload("txt", "", string.format("%s %s\n", t, read_message("Payload")))
    return 0
end
