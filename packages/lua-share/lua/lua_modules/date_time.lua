-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ date_time: LPeg grammars for timestamps and conversion to nanoseconds
(Heka for Node; same names and captures as the module Heka's Lua plugins use).

Grammars capture a table of date parts, as os.time takes them: year, month,
day, hour, min, sec as the text matched (month names give "1".."12"),
sec_frac as a number (0.217), offset_sign "+"/"-" with offset_hour and
offset_min as numbers, period "AM"/"PM", time_t (seconds, number).
time_to_ns turns such a table into nanoseconds since the Unix epoch (a float,
exact to the microsecond for current dates).

Exports
  time_to_ns(t), seconds_to_ns(sec)
  date_fullyear date_month date_mabbr date_mfull date_mday date_mday_sp
  time_hour time_minute time_second time_secfrac timezone timezone_offset
  rfc3339_time_numoffset rfc3339_time_offset rfc3339_partial_time
  rfc3339_full_date rfc3339_full_time rfc3339
  build_strftime_grammar(format)
  clf_timestamp rfc3164_timestamp mysql_timestamp pgsql_timestamp
  clf_timestamp_ns (an addition: clf_timestamp / time_to_ns in one step)
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)
local os = require "os"
local string = require "string"
local math = require "math"

local P, R, S, C, Cc, Cg, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct
local digit, alpha, alnum, space = lpeg.digit, lpeg.alpha, lpeg.alnum, lpeg.space
local tonumber, type, error, ipairs = tonumber, type, error, ipairs
local floor = math.floor

local M = {}

--[[ Conversions ]]

-- Days from 1970-01-01 to the first day of month m (1-12) of year y, in the
-- proleptic Gregorian calendar. Months outside 1-12 roll into other years,
-- as mktime normalises them. Every intermediate stays far below 2^31.
local function days_before(y, m)
    y = y + floor((m - 1) / 12)
    m = (m - 1) % 12 + 1
    if m < 3 then y = y - 1 end
    local era = floor(y / 400)
    local yoe = y - era * 400
    local mp = (m + 9) % 12
    local doy = floor((153 * mp + 2) / 5)
    local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
    return era * 146097 + doe - 719468
end

-- os.time's reading of a date table: required fields must be numbers (or
-- numeric text), optional ones fall back to their default; values truncate.
local function part(t, key, default)
    local v = tonumber(t[key])
    if v == nil then
        if default == nil then
            error("field '" .. key .. "' missing in date table", 3)
        end
        return default
    end
    if v < 0 then return -floor(-v) end
    return floor(v)
end

-- Seconds since the epoch of a date table read as UTC (the sandbox's local
-- time zone), like os.time(t) there. Floats throughout so that dates past
-- 2038 stay exact under 32-bit integer arithmetic.
local function utc_seconds(t)
    local sec = part(t, "sec", 0)
    local min = part(t, "min", 0)
    local hour = part(t, "hour", 12)
    local day = part(t, "day")
    local month = part(t, "month")
    local year = part(t, "year")
    local days = days_before(year, month) + day - 1
    return days * 86400.0 + hour * 3600.0 + min * 60.0 + sec
end

-- Days before the first of each month seen so far (key year * 16 + month).
local month_start = {}

local function whole(v)
    return v ~= nil and v % 1 == 0
end

-- Seconds of the date parts read as UTC: the common case (whole numbers or
-- digit strings) through the month cache, anything else the os.time way.
local function seconds_of(t)
    local y, mo, d = tonumber(t.year), tonumber(t.month), tonumber(t.day)
    local h, mi, s = t.hour, t.min, t.sec
    if h == nil then h = 12 else h = tonumber(h) end
    if mi == nil then mi = 0 else mi = tonumber(mi) end
    if s == nil then s = 0 else s = tonumber(s) end
    if whole(y) and whole(mo) and mo >= 1 and mo <= 12 and whole(d) and whole(h)
        and whole(mi) and whole(s) then
        local key = y * 16 + mo
        local base = month_start[key]
        if not base then
            base = days_before(y, mo)
            month_start[key] = base
        end
        return (base + d - 1) * 86400.0 + h * 3600.0 + mi * 60.0 + s
    end
    return utc_seconds(t)
end

-- Nanoseconds since the Unix epoch of a table captured by these grammars;
-- 0 for nil. A captured time_t wins; otherwise the parts are read as UTC and
-- the captured offset and fraction are applied. "period" (AM/PM) adjusts
-- t.hour in place, as the original function did.
function M.time_to_ns(t)
    if not t then return 0 end
    if t.time_t then return t.time_t * 1e9 end

    local offset = 0
    if t.offset_hour then
        offset = t.offset_hour * 3600.0 + t.offset_min * 60.0
        if t.offset_sign == "+" then offset = -offset end
    end

    local period = t.period
    if period then
        local h = tonumber(t.hour)
        if period == "AM" then
            if h == 12 then h = 0 end
        elseif period == "PM" then
            if h < 12 then h = h + 12 end
        end
        t.hour = h
    end

    local frac = t.sec_frac or 0
    return (seconds_of(t) + frac + offset) * 1e9
end

-- Seconds (number or numeric text) to nanoseconds.
function M.seconds_to_ns(sec)
    return tonumber(sec) * 1e9
end

--[[ Building blocks ]]

local function month_names(names)
    local p
    for i, name in ipairs(names) do
        local alt = P(name) / tostring(i)
        p = p and p + alt or alt
    end
    return Cg(p, "month")
end

local two_digits = digit * digit

M.date_fullyear = Cg(digit * digit * digit * digit, "year")
M.date_month = Cg(P"0" * R"19" + P"1" * R"02", "month")
M.date_mabbr = month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
M.date_mfull = month_names{"January", "February", "March", "April", "May",
                           "June", "July", "August", "September", "October",
                           "November", "December"}
M.date_mday = Cg(P"0" * R"19" + R"12" * digit + P"3" * R"01", "day")
M.date_mday_sp = Cg(P" " * R"19" + S"12" * digit + P"3" * S"01", "day")

local hour_text = R"01" * digit + P"2" * R"03"
local minute_text = R"05" * digit

M.time_hour = Cg(hour_text, "hour")
M.time_minute = Cg(minute_text, "min")
M.time_second = Cg(R"05" * digit + P"60", "sec") -- 60: leap second
M.time_secfrac = Cg(P"." * digit^1 / tonumber, "sec_frac")

-- A fixed offset: sign, hours, minutes (as numbers).
local function fixed_offset(sign, hours)
    return Cg(Cc(sign), "offset_sign")
         * Cg(Cc(hours), "offset_hour")
         * Cg(Cc(0), "offset_min")
end

-- Zone abbreviations known to the grammar; any other run of up to five
-- letters (even none) is taken as UTC.
local zones = {
    {"UTC", "+", 0}, {"PST", "-", 8}, {"PDT", "-", 7}, {"MST", "-", 7},
    {"MDT", "-", 6}, {"CST", "-", 6}, {"CDT", "-", 5}, {"EST", "-", 5},
    {"EDT", "-", 4},
}
do
    local p
    for _, z in ipairs(zones) do
        local alt = P(z[1]) * fixed_offset(z[2], z[3])
        p = p and p + alt or alt
    end
    M.timezone = p + alpha^-5 * fixed_offset("+", 0)
end

local offset_sign = Cg(S"+-", "offset_sign")
local offset_hour = Cg(hour_text / tonumber, "offset_hour")
local offset_min = Cg(minute_text / tonumber, "offset_min")

M.timezone_offset = offset_sign * offset_hour * offset_min -- +hhmm

--[[ RFC 3339: 1999-05-05T23:23:59.217-07:00 ]]

M.rfc3339_time_numoffset = offset_sign * offset_hour * ":" * offset_min
M.rfc3339_time_offset = P"Z" + M.rfc3339_time_numoffset
M.rfc3339_partial_time = M.time_hour * ":" * M.time_minute * ":" * M.time_second * M.time_secfrac^-1
M.rfc3339_full_date = M.date_fullyear * "-" * M.date_month * "-" * M.date_mday
M.rfc3339_full_time = M.rfc3339_partial_time * M.rfc3339_time_offset
M.rfc3339 = Ct(M.rfc3339_full_date * "T" * M.rfc3339_full_time)

--[[ strftime conversions ]]

local century = string.sub(os.date("%Y"), 1, 2)

local spec = {}
spec.a = P"Mon" + "Tue" + "Wed" + "Thu" + "Fri" + "Sat" + "Sun"
spec.A = P"Monday" + "Tuesday" + "Wednesday" + "Thursday" + "Friday" + "Saturday" + "Sunday"
spec.b = M.date_mabbr
spec.h = M.date_mabbr
spec.B = M.date_mfull
spec.C = two_digits
spec.y = Cg(two_digits / function(yy) return century .. yy end, "year")
spec.g = spec.y
spec.Y = M.date_fullyear
spec.G = M.date_fullyear
spec.m = M.date_month
spec.d = M.date_mday
spec.e = M.date_mday_sp
spec.D = M.date_month * "/" * M.date_mday * "/" * spec.y
spec.F = M.date_fullyear * "-" * M.date_month * "-" * M.date_mday
spec.H = M.time_hour
spec.I = Cg(P"0" * digit + P"1" * R"02", "hour")
spec.k = Cg(S" 1" * digit + P"2" * R"03", "hour")
spec.l = Cg(space * digit + P"1" * R"02", "hour")
spec.M = M.time_minute
spec.S = Cg(R"05" * digit + P"6" * S"01", "sec")
spec.p = Cg(P"AM" + "PM", "period")
spec.T = M.time_hour * ":" * M.time_minute * ":" * M.time_second
spec.R = M.time_hour * ":" * M.time_minute
spec.r = spec.I * ":" * M.time_minute * ":" * M.time_second * " " * spec.p
spec.s = Cg(digit^1 / tonumber, "time_t")
spec.j = P"00" * R"19" + P"0" * digit * digit + S"12" * digit * digit
       + P"3" * R"05" * digit + P"36" * R"06"
spec.u = R"17"
spec.w = R"06"
spec.U = R"04" * digit + P"5" * R"03"
spec.V = spec.U
spec.W = spec.U
spec.x = spec.D
spec.X = spec.T
spec.z = M.timezone_offset
spec.Z = M.timezone
spec.c = spec.a * " " * M.date_mabbr * " " * M.date_mday_sp * " " * spec.T * " " * M.date_fullyear
spec.n = P"\n"
spec.t = P"\t"
spec["%"] = P"%"

-- A format splits into single whitespace characters (each matching any one
-- whitespace character), conversions (%x) and runs of literal text.
local conversion = P"%" * (alnum + "%")
local format_items = Ct((
      Ct(Cc"ws" * space)
    + Ct(Cc"conv" * P"%" * C(alnum + "%"))
    + Ct(Cc"text" * C((1 - (space + conversion))^1))
)^1)

local function concat(list)
    local g = list[1]
    for i = 2, #list do g = g * list[i] end
    return g
end

-- An LPeg grammar capturing the date-part table of text written with the
-- strftime format. Unknown conversions raise "unknown strftime specifier: x".
function M.build_strftime_grammar(format)
    local items = format_items:match(format)
    if not items then
        error("could not parse the strftime format", 2)
    end
    local parts = {}
    for i, item in ipairs(items) do
        local kind, value = item[1], item[2]
        if kind == "ws" then
            parts[i] = space
        elseif kind == "conv" then
            local g = spec[value]
            if not g then error("unknown strftime specifier: " .. value, 2) end
            parts[i] = g
        else
            parts[i] = P(value)
        end
    end
    return Ct(concat(parts))
end

--[[ Ready-made grammars ]]

-- Common Log Format: 10/Feb/2014:08:46:36 -0800
M.clf_timestamp = Ct(M.date_mday * "/" * M.date_mabbr * "/" * M.date_fullyear
                     * ":" * spec.T * " " * M.timezone_offset)

-- The same text straight to nanoseconds (clf_timestamp / time_to_ns without
-- the intermediate table; used by common_log_format for $time_local and %t).
do
    local months = {Jan = 1, Feb = 2, Mar = 3, Apr = 4, May = 5, Jun = 6,
                    Jul = 7, Aug = 8, Sep = 9, Oct = 10, Nov = 11, Dec = 12}
    local mabbr = P"Jan" + "Feb" + "Mar" + "Apr" + "May" + "Jun" + "Jul" + "Aug"
                + "Sep" + "Oct" + "Nov" + "Dec"
    local function to_ns(d, mon, y, h, mi, s, sign, oh, om)
        local t = {year = y, month = months[mon], day = d, hour = h, min = mi, sec = s}
        local offset = tonumber(oh) * 3600.0 + tonumber(om) * 60.0
        if sign == "+" then offset = -offset end
        return (seconds_of(t) + 0 + offset) * 1e9
    end
    M.clf_timestamp_ns = (C(P"0" * R"19" + R"12" * digit + P"3" * R"01") * "/" * C(mabbr) * "/"
                          * C(digit * digit * digit * digit) * ":" * C(hour_text) * ":"
                          * C(minute_text) * ":" * C(R"05" * digit + P"60") * " "
                          * C(S"+-") * C(hour_text) * C(minute_text)) / to_ns
end

-- RFC 3164 (BSD syslog): "Feb 10 16:46:36" or "Feb  9 16:46:36"; the year is
-- the current one at match time.
local current_year = Cc(nil) / function() return os.date("%Y") end
M.rfc3164_timestamp = Ct(M.date_mabbr * P" "^1 * Cg(digit^-2, "day") * P" "^1
                         * spec.T * Cg(current_year, "year"))

-- MySQL: 20140210164636; PostgreSQL: 2014-02-10 16:46:36
M.mysql_timestamp = Ct(M.date_fullyear * M.date_month * M.date_mday
                       * M.time_hour * M.time_minute * M.time_second)
M.pgsql_timestamp = Ct(M.rfc3339_full_date * " " * spec.T)

return M
