-- R-B10 with R-B11: whether a ticket's handling ended unsolved (no fix, no pay), by the last of its
-- sessions that said how it ended: the month's re-allotment of included minutes never bills its
-- minutes. Billing did not keep sessions' outcomes before, so tickets rated before are marked only
-- where their latest session carries a no-fix-no-pay credit (one whose minutes were all included and
-- had no fee credited nothing, and cannot be told apart).
alter table ticket_usage add column unsolved boolean not null default false;

update ticket_usage t set unsolved = true
where exists (select 1 from rated_line l
              where l.kind = 'NO_FIX_NO_PAY'
                and l.session_id = (select r.session_id from rated_session r where r.ticket_id = t.ticket_id
                                    order by r.ended_at desc, r.session_id desc limit 1));
