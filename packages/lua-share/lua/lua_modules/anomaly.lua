-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ anomaly: anomaly detection on circular buffer graphs (Heka for Node; the
same configuration language and API as Heka's anomaly module).

  parse_config(anomaly_config)   -> configuration table (nil for nil); raises
                                    "could not parse the anomaly_config"
  detect(ns, name, cbuf, config) -> alert text (or nil), annotation list

anomaly_config holds any number of these calls (separated by spaces or not):
  roc("payload_name", col, win, hwin, sd, loss_of_data, start_of_data)
      rate of change: the mean of the last `win` intervals against the `win`
      before them, compared with the standard deviation of the `hwin`
      intervals before those (0: the whole history) times `sd`; optionally
      alerts when data stops or starts
  mww("payload_name", col, win, nwin, pvalue, decreasing|increasing|any)
      Mann-Whitney-Wilcoxon test of the last window against `nwin` earlier
      ones (parametric)
  mww_nonparametric("payload_name", col, win, nwin, pstat)
      the same test's rank statistic against `pstat` (0..1; above 0.5
      detects increases, below 0.5 decreases)
A double quote inside payload_name is written twice. detect advances the
graph to ns (adding NaN to column 1 when the row is empty) and runs the
tests of payload `name` once per row interval.
--]]

local annotation = require "annotation"
local lpeg = require "lpeg"
lpeg.locale(lpeg)
local math = require "math"
local string = require "string"
local table = require "table"

local P, Cc, Cg, Ct, Cf, Cs = lpeg.P, lpeg.Cc, lpeg.Cg, lpeg.Ct, lpeg.Cf, lpeg.Cs
local digit, space = lpeg.digit, lpeg.space
local error, ipairs, tonumber = error, ipairs, tonumber

local M = {}

-- nanoseconds per row and the newest row's time
local function geometry(cbuf)
    local rows, _, seconds_per_row = cbuf:get_configuration()
    return rows, seconds_per_row * 1e9, cbuf:current_time()
end

local function failure(name, cfg, text)
    return string.format("%s - algorithm: %s col: %d msg: %s", name, cfg.algorithm, cfg.col, text)
end

local function found(name, cfg, now, text)
    return failure(name, cfg, text), annotation.create(now, cfg.col, "A", text)
end

-- Mann-Whitney-Wilcoxon with a trend: counts the earlier windows whose
-- difference from the newest one is significant (and in the trend's direction)
local function mww(name, cbuf, cfg)
    local rows, ns_per_row, now = geometry(cbuf)
    if cfg.win * cfg.nwin >= rows then
        error(failure(name, cfg, "arguments out of range"))
    end

    local win_size = cfg.win * ns_per_row
    local start_time = now - win_size
    local end_time = start_time + win_size - ns_per_row
    local mean = cbuf:compute("avg", cfg.col, start_time, end_time)
    local significant = 0
    for s = start_time - win_size, now - win_size * cfg.nwin + 1, -win_size do
        local e = s + win_size - ns_per_row
        local test = cfg.trend == "any"
        if cfg.trend == "decreasing" then
            test = cbuf:compute("avg", cfg.col, s, e) - mean > 0
        elseif cfg.trend == "increasing" then
            test = cbuf:compute("avg", cfg.col, s, e) - mean < 0
        elseif cfg.trend ~= "any" then
            test = true
        end
        if test then
            local _, p = cbuf:mannwhitneyu(cfg.col, start_time, end_time, s, e)
            if p and p < cfg.pvalue then significant = significant + 1 end
        end
    end

    if significant > cfg.nwin / 4 then
        local text = "detected anomaly"
        if cfg.trend ~= "any" then text = string.format("detected anomaly, %s values", cfg.trend) end
        return found(name, cfg, now, text)
    end
end

-- the rank statistic averaged over the earlier windows
local function mww_nonparametric(name, cbuf, cfg)
    local overlap = 0.5
    local rows, ns_per_row, now = geometry(cbuf)
    if cfg.win * cfg.nwin >= rows then
        error(failure(name, cfg, "arguments out of range"))
    end

    local win_size = cfg.win * ns_per_row
    local start_time = now - win_size
    local end_time = start_time + win_size - ns_per_row
    local sum = 0
    for s = start_time - win_size, now - win_size * cfg.nwin + 1, -win_size do
        local e = s + win_size - ns_per_row
        local u = cbuf:mannwhitneyu(cfg.col, start_time, end_time, s, e)
        if u then sum = sum + u / (cfg.win * cfg.win) - overlap end
    end

    local pstat = sum / (cfg.nwin - 1) + overlap
    if cfg.pstat < overlap and pstat < cfg.pstat or cfg.pstat > overlap and pstat > cfg.pstat then
        return found(name, cfg, now, string.format("detected anomaly, pstat: %G", pstat))
    end
end

-- rate of change against the historical standard deviation
local function roc(name, cbuf, cfg)
    local rows, ns_per_row, now = geometry(cbuf)
    if 3 * cfg.win >= rows or (cfg.hwin > 0 and cfg.hwin < cfg.win) then
        error(string.format("%s - algorithm: %s col: %d msg: win=%d hwin=%d arguments out of range (rows=%d)",
                            name, cfg.algorithm, cfg.col, cfg.win, cfg.hwin, rows))
    end

    local window = ns_per_row * cfg.win
    local previous_start = now - window * 2
    local current_start = now - window
    local history_start = nil
    if cfg.hwin ~= 0 then history_start = previous_start - cfg.hwin * ns_per_row end

    local sd = cbuf:compute("sd", cfg.col, history_start, previous_start - ns_per_row)
    local previous, previous_n = cbuf:compute("avg", cfg.col, previous_start, current_start - ns_per_row)
    local current, current_n = cbuf:compute("avg", cfg.col, current_start, now - ns_per_row)

    local stopped = cfg.loss_of_data and previous_n > 0 and current_n == 0
    local started = cfg.start_of_data and previous_n == 0 and current_n > 0

    if math.abs(current - previous) > sd * cfg.sd or stopped or started then
        local text
        if stopped then
            text = "no new data"
        elseif started then
            text = "unexpected data"
        else
            text = string.format("detected anomaly, standard deviation exceeds %G", cfg.sd)
        end
        return found(name, cfg, now, text)
    end
end

local algorithms = {roc = roc, mww = mww, mww_nonparametric = mww_nonparametric}

--[[ Configuration ]]

local comma = P"," * space^0
local uint = digit^1 / tonumber
local decimal = digit^1 * ("." * digit^1)^-1 / tonumber
local bool = P"true" * Cc(true) + P"false" * Cc(false)
local quoted = P'"' * Cs(((1 - P'"') + P'""' / '"')^1) * '"'

local function args(list)
    local p = P(true)
    for _, a in ipairs(list) do p = p * comma * Cg(a[2], a[1]) end
    return p
end

local function call(fname, arglist)
    return space^0 * (fname .. "(") * quoted
         * Ct(args(arglist) * Cg(Cc(fname), "algorithm")) * ")"
end

local roc_call = call("roc", {{"col", uint}, {"win", uint}, {"hwin", uint}, {"sd", decimal},
                              {"loss_of_data", bool}, {"start_of_data", bool}})
local mww_call = call("mww", {{"col", uint}, {"win", uint}, {"nwin", uint}, {"pvalue", decimal},
                              {"trend", P"decreasing" + "increasing" + "any"}})
local mwwn_call = call("mww_nonparametric", {{"col", uint}, {"win", uint}, {"nwin", uint},
                                             {"pstat", P"0" * ("." * digit^1)^-1 / tonumber}})

-- name -> list of test configurations
local function collect(t, name, cfg)
    local list = t[name]
    if list then list[#list + 1] = cfg else t[name] = {cfg} end
    return t
end

local config_grammar = Cf(Ct"" * Cg(roc_call + mwwn_call + mww_call)^1, collect) * -1

function M.parse_config(anomaly_config)
    if not anomaly_config then return end
    local c = config_grammar:match(anomaly_config)
    if not c then error("could not parse the anomaly_config") end
    return c
end

--[[ Detection ]]

function M.detect(ns, name, cbuf, anomaly_config)
    if not cbuf:get(ns, 1) then
        cbuf:add(ns, 1, 0/0) -- advance the graph even without data
    end

    local tests = anomaly_config[name]
    if not tests then return end

    if not tests.last_run then
        tests.last_run = 0
        local _, _, seconds_per_row = cbuf:get_configuration()
        tests.interval = seconds_per_row * 1e9
    end

    -- once per row interval (the graph and the ticker need not be in step)
    if ns > tests.last_run and ns - tests.last_run >= tests.interval then
        tests.last_run = ns
    else
        return
    end

    local messages, annotations = {}, {}
    for _, cfg in ipairs(tests) do
        local run = algorithms[cfg.algorithm]
        if not run then error(failure(name, cfg, "unknown algorithm")) end
        local msg, anno = run(name, cbuf, cfg)
        if msg then
            messages[#messages + 1] = msg
            annotations[#annotations + 1] = anno
        end
    end

    if messages[1] then
        return table.concat(messages, "\n"), annotations
    end
end

return M
