-- R-B2 with R-B11: of an account's included minutes on a day, those included under plans with a
-- monthly allowance: what a monthly allowance has left is counted from these only (minutes a per-day
-- or per-ticket plan included do not use up the next plan's month). Days rated before are filled from
-- their sessions' minute lines and their plans' terms.
alter table included_usage add column by_monthly integer not null default 0;

update included_usage u set by_monthly = m.included
from (select r.account_id, l.day, sum(l.included) as included
      from rated_line l
      join rated_session r on r.session_id = l.session_id
      join plan_version p on p.plan_id = r.plan_id and p.version = r.plan_version
      where l.kind = 'MINUTES' and l.day is not null
        and jsonb_typeof(cast(p.terms as jsonb) -> 'includedMinutes' -> 'perMonth') = 'number'
      group by r.account_id, l.day) m
where m.account_id = u.account_id and m.day = u.day;
