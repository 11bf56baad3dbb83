-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ MariaDB slow query log decoder (Heka for Node; the configuration and the
message of Heka's lua_decoders/mariadb_slow_query.lua). Use
mysql_slow_query.lua for MySQL.

Config:
- truncate_sql (integer, optional): keep only that many bytes of the SQL in
  the Payload, followed by "..." (a negative value drops bytes from the end).

Split the log into records with a RegexSplitter before this decoder:

    [MariaDbSlowQueryInput]
    type = "LogstreamerInput"
    log_directory = "/var/log/mariadb"
    file_match = 'mariadb-slow\.log'
    splitter = "MariaDbSlowQuerySplitter"
    decoder = "MariaDbSlowQueryDecoder"

    [MariaDbSlowQuerySplitter]
    type = "RegexSplitter"
    delimiter = '\n(# User@Host:)'
    delimiter_eol = false

    [MariaDbSlowQueryDecoder]
    type = "SandboxDecoder"
    filename = "lua_decoders/mariadb_slow_query.lua"

    [MariaDbSlowQueryDecoder.config]
    truncate_sql = 64

Message: Type "mariadb.slow-query", Timestamp (SET timestamp=), Hostname (the
client address), Payload (the SQL), Fields Query_time and Lock_time
(representation "s"), Rows_sent, Rows_examined, Thread_id, Schema, QC_hit
and, when logged, Full_scan, Full_join, Tmp_table, Tmp_table_on_disk, Filesort,
Filesort_on_disk, Merge_passes.
--]]

local string = require "string"
local mysql = require "mysql"

local truncate_sql = read_config("truncate_sql")

function process_message()
    local msg = mysql.mariadb_slow_query_grammar:match(read_message("Payload"))
    if not msg then return -1 end

    msg.Type = "mariadb.slow-query"
    if truncate_sql and #msg.Payload > truncate_sql then
        msg.Payload = string.format("%s...", string.sub(msg.Payload, 1, truncate_sql))
    end
    inject_message(msg)
    return 0
end
