-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ nginx error log decoder (Heka for Node; the configuration and the
message of Heka's lua_decoders/nginx_error.lua).

Config:
- tz (string, default UTC): the time zone of the log's local times (an IANA
  name such as "America/Los_Angeles"); the sandbox applies it.
- type (string, default "nginx.error"): the message Type.
- payload_keep (bool, default false): keep the whole line as the Payload
  (otherwise the Payload is the text after the "pid#tid: *connection" part).

    [NginxErrorDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/nginx_error.lua"

    [NginxErrorDecoder.config]
    tz = "America/Los_Angeles"

2014/02/10 08:46:36 [error] 16842#0: *8878 open() "/x" failed ... gives
Timestamp, Severity 3 (debug 7 ... emerg 0), Pid 16842, Fields tid 0 and
connection 8878 (when present).
--]]

local clf = require "common_log_format"

local msg_type = read_config("type") or "nginx.error"
local payload_keep = read_config("payload_keep")

function process_message()
    local line = read_message("Payload")
    local msg = clf.nginx_error_grammar:match(line)
    if not msg then return -1 end
    if payload_keep then msg.Payload = line end
    msg.Type = msg_type
    inject_message(msg)
    return 0
end
