-- lua_decode: a SandboxDecoder parsing the Apache access lines into fields (as a Heka user would with
-- string.match), for the JsonEncoder → TcpOutput of the scenario.
local msg = { Type = "access", Fields = {} }
local f = msg.Fields
local pattern = '^(%S+) %S+ (%S+) %[([^%]]+)%] "(%S+) (%S+) ([^"]*)" (%d%d%d) (%d+) "([^"]*)" "([^"]*)"'

function process_message()
    local line = read_message("Payload")
    local host, user, ts, method, path, protocol, status, bytes, referer, agent = string.match(line, pattern)
    if not host then return -1, "not an access line" end
    f.host, f.user, f.timestamp, f.method, f.path = host, user, ts, method, path
    f.protocol, f.status, f.bytes, f.referer, f.agent = protocol, status, bytes, referer, agent
    inject_message(msg)
    return 0
end
