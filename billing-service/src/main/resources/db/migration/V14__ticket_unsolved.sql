-- R-B10 with R-B11: whether a ticket's handling ended unsolved (no fix, no pay), by the last of its
-- sessions that said how it ended: the month's re-allotment of included minutes never bills its
-- minutes. Tickets rated before are marked by their no-fix-no-pay credit where they have one.
alter table ticket_usage add column unsolved boolean not null default false;

update ticket_usage t set unsolved = true
where exists (select 1 from rated_session r join rated_line l on l.session_id = r.session_id
              where r.ticket_id = t.ticket_id and l.kind = 'NO_FIX_NO_PAY');
