-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ graphite: Graphite plaintext metric lines, statsd style (Heka for Node;
the same API as Heka's graphite module).

  count_rate(bucket, count, ticker_interval, now_sec)
      "stats.counters.<bucket>.count <count> <now>\n" and
      "stats.counters.<bucket>.rate <count/interval> <now>\n"
  multi_counts_rates(counts, ticker_interval, now_sec)
      count_rate for every bucket -> count pair of the table
  timeseries_metrics(bucket, times, ticker_interval, percent_thresh, now_sec)
      stats.timers.<bucket>.count, count_ps, lower, upper, sum, mean,
      mean_<pct> and upper_<pct> (mean and maximum of the fastest pct
      percent) lines; sorts `times` in place
  multi_timeseries_metrics(timers, ticker_interval, percent_thresh, now_sec)
      timeseries_metrics for every bucket -> times pair of the table
  ns_to_sec(ns)   whole seconds
--]]

local string = require "string"
local math = require "math"
local table = require "table"
local pairs, ipairs = pairs, ipairs

local M = {}

function M.count_rate(bucket, count, ticker_interval, now_sec)
    return string.format("stats.counters.%s.count %d %d\nstats.counters.%s.rate %f %d\n",
                         bucket, count, now_sec,
                         bucket, count / ticker_interval, now_sec)
end

function M.multi_counts_rates(counts, ticker_interval, now_sec)
    local out = {}
    for bucket, count in pairs(counts) do
        out[#out + 1] = M.count_rate(bucket, count, ticker_interval, now_sec)
    end
    return table.concat(out)
end

local timer_lines = table.concat({
    "stats.timers.%s.count %d %d",
    "stats.timers.%s.count_ps %f %d",
    "stats.timers.%s.lower %f %d",
    "stats.timers.%s.upper %f %d",
    "stats.timers.%s.sum %f %d",
    "stats.timers.%s.mean %f %d",
    "stats.timers.%s.mean_%d %f %d",
    "stats.timers.%s.upper_%d %f %d",
    "",
}, "\n")

function M.timeseries_metrics(bucket, times, ticker_interval, percent_thresh, now_sec)
    local count = #times
    local rate, lower, upper, sum, mean, mean_pct, upper_pct = 0, 0, 0, 0, 0, 0, 0
    if count > 0 then
        rate = count / ticker_interval
        table.sort(times)
        lower = times[1]
        upper = times[count]

        -- running sums: cumulative[i] = times[1] + ... + times[i]
        local cumulative = {[0] = 0}
        for i, t in ipairs(times) do cumulative[i] = cumulative[i - 1] + t end

        mean_pct, upper_pct = lower, upper
        if count > 1 then
            local within = count - math.floor((100 - percent_thresh) / 100 * count + 0.5)
            if within > 0 then
                mean_pct = cumulative[within] / within
                upper_pct = times[within]
            end
        end
        sum = cumulative[count]
        mean = sum / count
    end

    return string.format(timer_lines,
                         bucket, count, now_sec,
                         bucket, rate, now_sec,
                         bucket, lower, now_sec,
                         bucket, upper, now_sec,
                         bucket, sum, now_sec,
                         bucket, mean, now_sec,
                         bucket, percent_thresh, mean_pct, now_sec,
                         bucket, percent_thresh, upper_pct, now_sec)
end

function M.multi_timeseries_metrics(timers, ticker_interval, percent_thresh, now_sec)
    local out = {}
    for bucket, times in pairs(timers) do
        out[#out + 1] = M.timeseries_metrics(bucket, times, ticker_interval, percent_thresh, now_sec)
    end
    return table.concat(out)
end

function M.ns_to_sec(ns)
    return math.floor(ns / 1e9)
end

return M
