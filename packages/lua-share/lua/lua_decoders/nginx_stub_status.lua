-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ nginx stub_status decoder (Heka for Node; the configuration and the
message of Heka's lua_decoders/nginx_stub_status.lua).

Config:
- type (string, default "nginx_stub_status"): the message Type.
- payload_keep (bool, default false): keep the page as the Payload.

    [NginxStubStatusInput]
    type = "HttpInput"
    url = "http://localhost:8090/nginx_status"
    ticker_interval = 1
    decoder = "NginxStubStatusDecoder"

    [NginxStubStatusDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/nginx_stub_status.lua"

Fields (numbers): connections, accepts, handled, requests, reading,
writing, waiting.
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local P, S, Cg, Ct = lpeg.P, lpeg.S, lpeg.Cg, lpeg.Ct
local digit = lpeg.digit

local gap = S" \n\t"^0
local function number(name)
    return gap * Cg(digit^1 / tonumber, name)
end

local grammar = Ct(P"Active connections:" * number("connections")
                   * gap * "server accepts handled requests"
                   * number("accepts") * number("handled") * number("requests")
                   * gap * "Reading:" * number("reading")
                   * gap * "Writing:" * number("writing")
                   * gap * "Waiting:" * number("waiting"))

local msg_type = read_config("type") or "nginx_stub_status"
local payload_keep = read_config("payload_keep")

function process_message()
    local page = read_message("Payload")
    local fields = grammar:match(page)
    if not fields then return -1 end
    local msg = {Type = msg_type, Fields = fields}
    if payload_keep then msg.Payload = page end
    inject_message(msg)
    return 0
end
