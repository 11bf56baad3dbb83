-- Polls: each call injects one message numbering the calls (Heka's SandboxInput polling mode).
local msg = {Type = "poll", Payload = nil, Fields = {n = 0}}
count = 0

function process_message()
    count = count + 1
    msg.Payload = "poll " .. count
    msg.Fields.n = count
    inject_message(msg)
    return 0
end
