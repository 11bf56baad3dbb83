-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ ip_address: LPeg patterns for textual IP addresses (Heka for Node).

  v4  dotted quad, each part 0-255 without a sign ("10.0.0.1")
  v6  RFC 4291 text forms, including "::" compression and an embedded v4 tail

Both are plain patterns (they capture nothing); wrap them in lpeg.C or
lpeg.Cg to keep the text. Like every PEG they match a prefix: "1.2.3.45x"
matches up to "45", so anchor them when a whole string must be an address.
--]]

local lpeg = require "lpeg"
lpeg.locale(lpeg)

local P, R = lpeg.P, lpeg.R
local digit, xdigit = lpeg.digit, lpeg.xdigit

local M = {}

-- n copies of p in sequence (p * p * ... * p); n == 0 is the empty match
local function times(p, n)
    local r = P(true)
    for _ = 1, n do r = r * p end
    return r
end

-- One part of a dotted quad, longest alternative first so that "255" is not
-- read as "25" followed by a stray "5".
local octet = P"1" * digit * digit
            + P"2" * R"04" * digit
            + P"25" * R"05"
            + R"19" * digit
            + digit

M.v4 = octet * "." * octet * "." * octet * "." * octet

local h16 = xdigit * xdigit^-3      -- 1 to 4 hex digits
local group = h16 * ":"              -- a hex group and its separator
local tail32 = group * h16 + M.v4    -- the last 32 bits

-- The nine shapes of RFC 4291 section 2.2, tried in this order. Shape k
-- (k >= 4) starts with up to k-2 leading groups (or a lone ":") before "::".
local shapes = times(group, 6) * tail32
             + P"::" * times(group, 5) * tail32
             + h16^-1 * "::" * times(group, 4) * tail32
local tails = {
    times(group, 3) * tail32,
    times(group, 2) * tail32,
    group * tail32,
    tail32,
    h16,
    P(true),
}
for i, t in ipairs(tails) do
    shapes = shapes + (group * group^-i + ":") * ":" * t
end

M.v6 = shapes

return M
