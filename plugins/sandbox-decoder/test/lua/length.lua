-- Adds the payload's length as a field: a decoder that copes with any record (for the conformance run).
function process_message()
    local payload = read_message("Payload")
    if payload == nil then return -1, "no payload" end
    write_message("Fields[payload_length]", #payload, "B")
    return 0
end
