-- R-B1: handling time is the sessions' actual duration summed per ticket, then rounded up to whole
-- minutes; kept to the millisecond (the precision of the sessions' instants), no longer truncated to
-- whole seconds per session (60.4 s billed 1 minute, three sessions of 20.5 s billed 1 minute).
-- What was kept in seconds becomes the same time in milliseconds, so the minutes already billed stay
-- those a ticket's next session counts from.
alter table ticket_usage rename column seconds to handled_ms;
alter table ticket_usage rename column on_call_seconds to on_call_ms;
update ticket_usage set handled_ms = handled_ms * 1000, on_call_ms = on_call_ms * 1000
    where handled_ms <> 0 or on_call_ms <> 0;
alter table rated_session rename column seconds to duration_ms;
update rated_session set duration_ms = duration_ms * 1000 where duration_ms <> 0;
