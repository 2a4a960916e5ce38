-- R-S5 with R-S6: the plan a running session's ticket is priced under (session-started's planId; null
-- for sessions heard of before it was told): a plan change due while it runs counts its service in
-- that plan's period, as its session-closed will.
alter table active_session add column plan_id uuid;
