-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ nginx access log decoder (Heka for Node; the configuration and the
message of Heka's lua_decoders/nginx_access.lua).

Config:
- log_format (string, required): the nginx.conf 'log_format' the lines were
  written with. $time_local, $time_iso8601 or $msec sets the Timestamp.
- type (string, optional): the message Type.
- user_agent_transform (bool, default false): replace http_user_agent with
  user_agent_browser, user_agent_version and user_agent_os.
- user_agent_keep (bool, default false): keep http_user_agent as well.
- user_agent_conditional (bool, default false): keep http_user_agent only
  when the browser was not recognised.
- payload_keep (bool, default false): keep the log line as the Payload.

    [NginxAccessDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/nginx_access.lua"

    [NginxAccessDecoder.config]
    type = "combined"
    user_agent_transform = true
    log_format = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'

Every variable becomes a field of its name (see common_log_format).
--]]

local clf = require "common_log_format"

local log_format = read_config("log_format")
if type(log_format) ~= "string" then
    error("log_format must be set to the nginx log_format string")
end
local msg_type = read_config("type")
local ua_transform = read_config("user_agent_transform")
local ua_keep = read_config("user_agent_keep")
local ua_conditional = read_config("user_agent_conditional")
local payload_keep = read_config("payload_keep")

local grammar = clf.build_nginx_grammar(log_format)

function process_message()
    local line = read_message("Payload")
    local fields = grammar:match(line)
    if not fields then return -1 end

    local msg = {Type = msg_type, Timestamp = fields.time}
    fields.time = nil
    if payload_keep then msg.Payload = line end

    local ua = fields.http_user_agent
    if ua and ua_transform then
        local browser, version, os_name = clf.normalize_user_agent(ua)
        fields.user_agent_browser = browser
        fields.user_agent_version = version
        fields.user_agent_os = os_name
        if not (ua_keep or (ua_conditional and not browser)) then
            fields.http_user_agent = nil
        end
    end

    msg.Fields = fields
    inject_message(msg)
    return 0
end
