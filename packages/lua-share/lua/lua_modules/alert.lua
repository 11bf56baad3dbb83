-- This Source Code Form is subject to the terms of the Mozilla Public
-- License, v. 2.0. If a copy of the MPL was not distributed with this
-- file, You can obtain one at http://mozilla.org/MPL/2.0/.

--[[ alert: throttled alert messages for sandbox filters (Heka for Node; the
same API as Heka's alert module).

  queue(ns, msg)        queues an alert text; false when throttled or empty
  send(ns, msg)         injects the alert now (inject_payload("alert", "", msg));
                        false when throttled or empty
  send_queue(ns)        sends the queued texts as one alert, one per line
  set_throttle(ns)      minimum time between alerts (default one hour)
  throttled(ns)         true when an alert at time ns would be held back

Times are nanoseconds since the epoch; ns == 0 is never throttled. The time
of the last alert is kept in the global _LAST_ALERT so that it is preserved
with the sandbox's data (preserve_data = true).
--]]

local table = require "table"

_LAST_ALERT = 0

local M = {}

local pending = nil
local throttle = 60 * 60 * 1e9

function M.throttled(ns)
    if ns == 0 then return false end
    return ns < _LAST_ALERT or ns - _LAST_ALERT <= throttle
end

function M.queue(ns, msg)
    if not msg or msg == "" or M.throttled(ns) then return false end
    pending = pending or {}
    pending[#pending + 1] = msg
    return true
end

function M.send(ns, msg)
    if not msg or msg == "" or M.throttled(ns) then return false end
    inject_payload("alert", "", msg)
    if ns > _LAST_ALERT then _LAST_ALERT = ns end
    return true
end

function M.send_queue(ns)
    if not pending then return false end
    local msg = table.concat(pending, "\n")
    pending = nil
    return M.send(ns, msg)
end

function M.set_throttle(ns_duration)
    throttle = ns_duration
end

return M
