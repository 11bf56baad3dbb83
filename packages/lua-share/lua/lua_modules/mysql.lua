-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ mysql: grammars for MySQL / MariaDB slow query log records (Heka for
Node; same names and captures as the module Heka's decoders use).

  slow_query_grammar               a record starting at "# Time:" or
                                   "# User@Host:"
  short_slow_query_grammar         a record starting at "# Query_time:"
  mariadb_slow_query_grammar       MariaDB's record ("# Thread_id:" line,
  mariadb_short_slow_query_grammar optional "# Full_scan:" lines)

Each captures a message table: Hostname (from User@Host, not in the short
forms), Timestamp (the SET timestamp= seconds as nanosecond text, e.g.
"1399500744000000000"), Payload (the statement, through its ";" and newline)
and Fields: Query_time and Lock_time as {value=, representation="s"},
Rows_sent, Rows_examined (numbers) and, for MariaDB, Thread_id, Schema,
QC_hit and the optional Full_scan ... Merge_passes values ("Yes"/"No",
Merge_passes a number).

Records in the layout of Heka's grammars give the same captures. The header
lines of newer servers (user names with digits or "_", "@ localhost []",
"  Id: 12", extra values at the end of a line, extra "# Name: value" lines
before the statement) are accepted too and their extra values ignored.
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)

local P, S, C, Cc, Cg, Ct = lpeg.P, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct
local digit, space = lpeg.digit, lpeg.space
local tonumber = tonumber

local M = {}

local nl = P"\n"
local gap = space^1
local line = (1 - nl)^0 * nl
-- what newer servers append to a known line (e.g. "  Id: 12"), ignored
local rest_of_line = line
local decimal = digit^1 * "." * digit^1
local count = digit^1 / tonumber

local function seconds(name)
    return Cg(Ct(Cg(decimal / tonumber, "value") * Cg(Cc"s", "representation")), name)
end

-- # Time: 140507 18:14:18 (optional; the time comes from SET timestamp=)
local time_line = P"# Time: " * line

-- # User@Host: syncrw[syncrw] @  [127.0.0.1]
-- # User@Host: app_user[app_user] @ web-01 [10.0.0.12]  Id:  1234
-- Hostname is the address in brackets, or the name before them when the
-- brackets are empty.
local user_host = P"# User@Host: " * (1 - S"[\n")^1 * "[" * (1 - S"]\n")^0 * "]"
                * gap * "@" * gap
                * ((1 - S" [\n")^0 * space^0 * "[" * Cg((1 - S"]\n")^1, "Hostname") * "]"
                  + Cg((1 - S" [\n")^1, "Hostname") * space^0 * "[]"
                  + space^0 * "[]")
                * rest_of_line

-- # Query_time: 2.964652  Lock_time: 0.000050 Rows_sent: 251  Rows_examined: 9773
local query_stats = P"# Query_time: " * seconds("Query_time")
                  * gap * "Lock_time: " * seconds("Lock_time")
                  * gap * "Rows_sent: " * Cg(count, "Rows_sent")
                  * gap * "Rows_examined: " * Cg(count, "Rows_examined") * rest_of_line

local use_db = P"use " * line

-- SET last_insert_id=999,insert_id=1000,timestamp=1399500744;
local set_timestamp = P"SET " * (P"last_insert_id=" * digit^1 * ",")^0
                    * (P"insert_id=" * digit^1 * ",")^0
                    * "timestamp=" * Cg(digit^1 / "%0000000000", "Timestamp") * ";" * nl

local admin_command = P"# administrator command: " * line

-- the statement, up to the ";" that ends a line (or the record)
local statement_end = P";" * (nl + -1)
local statement = Cg((1 - statement_end)^0 * statement_end, "Payload")

-- MariaDB additions
local yes_no = C(P"Yes" + "No")
local thread_line = P"# Thread_id: " * Cg(count, "Thread_id")
                  * "  Schema: " * Cg((1 - S" \n")^0, "Schema")
                  * "  QC_hit: " * Cg(yes_no, "QC_hit") * rest_of_line
local plan_lines = P"# Full_scan: " * Cg(yes_no, "Full_scan")
                 * "  Full_join: " * Cg(yes_no, "Full_join")
                 * "  Tmp_table: " * Cg(yes_no, "Tmp_table")
                 * "  Tmp_table_on_disk: " * Cg(yes_no, "Tmp_table_on_disk") * nl
                 * "# Filesort: " * Cg(yes_no, "Filesort")
                 * "  Filesort_on_disk: " * Cg(yes_no, "Filesort_on_disk")
                 * "  Merge_passes: " * Cg(count, "Merge_passes") * rest_of_line

-- other "# Name: value" lines of newer servers (Rows_affected, Bytes_sent, ...)
local extra_lines = (P"# " * -P"administrator command: " * line)^0

local body = extra_lines * use_db^0 * set_timestamp * admin_command^0 * statement
local mysql_fields = Cg(Ct(query_stats), "Fields")
local mariadb_fields = Cg(Ct(thread_line * query_stats * plan_lines^0), "Fields")

M.slow_query_grammar = Ct(time_line^0 * user_host * mysql_fields * body)
M.mariadb_slow_query_grammar = Ct(time_line^0 * user_host * mariadb_fields * body)
M.short_slow_query_grammar = Ct(mysql_fields * body)
M.mariadb_short_slow_query_grammar = Ct(mariadb_fields * body)

return M
