-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ MySQL slow query log decoder (Heka for Node; the configuration and the
message of Heka's lua_decoders/mysql_slow_query.lua). Use
mariadb_slow_query.lua for MariaDB's variant.

Config:
- truncate_sql (integer, optional): keep only that many bytes of the SQL in
  the Payload, followed by "..." (a negative value drops bytes from the end).

Split the log into records with a RegexSplitter before this decoder:

    [MySqlSlowQueryInput]
    type = "LogstreamerInput"
    log_directory = "/var/log/mysql"
    file_match = 'mysql-slow\.log'
    splitter = "MySqlSlowQuerySplitter"
    decoder = "MySqlSlowQueryDecoder"

    [MySqlSlowQuerySplitter]
    type = "RegexSplitter"
    delimiter = '\n(# User@Host:)'
    delimiter_eol = false

    [MySqlSlowQueryDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/mysql_slow_query.lua"

    [MySqlSlowQueryDecoder.config]
    truncate_sql = 64

Message: Type "mysql.slow-query", Timestamp (SET timestamp=), Hostname (the
client address), Payload (the SQL), Fields Query_time and Lock_time
(representation "s"), Rows_sent, Rows_examined.
--]]

local string = require "string"
local mysql = require "mysql"

local truncate_sql = read_config("truncate_sql")

function process_message()
    local msg = mysql.slow_query_grammar:match(read_message("Payload"))
    if not msg then return -1 end

    msg.Type = "mysql.slow-query"
    if truncate_sql and #msg.Payload > truncate_sql then
        msg.Payload = string.format("%s...", string.sub(msg.Payload, 1, truncate_sql))
    end
    inject_message(msg)
    return 0
end
