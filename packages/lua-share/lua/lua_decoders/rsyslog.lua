-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ rsyslog decoder (Heka for Node; the configuration and the message of
Heka's lua_decoders/rsyslog.lua): lines written by an rsyslog template.

Config:
- template (string, required): the rsyslog.conf template the lines were
  written with, e.g. the traditional file format
  '%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\n'
- type (string, optional): the message Type.
- tz (string, default UTC): time zone of timestamps without an offset (an
  IANA name such as "America/Los_Angeles"); the sandbox applies it.
- hostname_keep (bool, default false): keep the message Hostname the input
  set instead of the one in the line.

    [RsyslogDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/rsyslog.lua"

    [RsyslogDecoder.config]
    type = "RSYSLOG_TraditionalFileFormat"
    template = '%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\n'
    tz = "America/Los_Angeles"

Message: Timestamp (%TIMESTAMP% / %TIMEREPORTED%), Severity (from %PRI% or
the severity/priority properties), Hostname (%HOSTNAME% or %SOURCE%), Pid
and Fields.programname (from %syslogtag%), Payload (%msg%), Fields
syslogfacility (from %PRI%) and every other property under its lower-case
name.
--]]

local syslog = require "syslog"

local template = read_config("template")
if type(template) ~= "string" then
    error("template must be set to the rsyslog template string")
end
local msg_type = read_config("type")
local hostname_keep = read_config("hostname_keep")

local grammar = syslog.build_rsyslog_grammar(template)

function process_message()
    local fields = grammar:match(read_message("Payload"))
    if not fields then return -1 end

    local msg = {Type = msg_type}

    if fields.timestamp then
        msg.Timestamp = fields.timestamp
        fields.timestamp = nil
    end

    local pri = fields.pri
    if pri then
        msg.Severity = pri.severity
        fields.syslogfacility = pri.facility
        fields.pri = nil
    else
        msg.Severity = fields.syslogseverity or fields["syslogseverity-text"]
            or fields.syslogpriority or fields["syslogpriority-text"]
        fields.syslogseverity = nil
        fields["syslogseverity-text"] = nil
        fields.syslogpriority = nil
        fields["syslogpriority-text"] = nil
    end

    local tag = fields.syslogtag
    if tag then
        fields.programname = tag.programname
        msg.Pid = tag.pid
        fields.syslogtag = nil
    end

    if not hostname_keep then
        msg.Hostname = fields.hostname or fields.source
        fields.hostname = nil
        fields.source = nil
    end

    msg.Payload = fields.msg
    fields.msg = nil

    msg.Fields = fields
    if not pcall(inject_message, msg) then return -1 end
    return 0
end
