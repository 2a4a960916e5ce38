-- R-S9: MONTHLY → PREPAID: until the month's summary invoice is issued, the old plan's whole monthly
-- minute bank serves the new PREPAID tickets first; what is still free at the invoice may pay the old
-- subscription's debt if the customer chooses so.
create table minute_bank (
    account_id      uuid           not null,
    period_start    date           not null,
    minutes         integer        not null check (minutes >= 0),
    minute_rate     numeric(19, 2) not null,
    used_by_prepaid integer        not null default 0,
    apply_to_debt   boolean        not null default false,
    settled_at      timestamptz,
    primary key (account_id, period_start)
);
