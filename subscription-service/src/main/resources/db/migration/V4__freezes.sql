-- R-S7: freezes, initiated by the company only. Service days from starts_on up to (not including)
-- ends_on are frozen: no service, no monthly fee, no commitment time.
create table account_freeze (
    id            uuid primary key,
    account_id    uuid         not null references account (id),
    reason        varchar(40)  not null,
    note          varchar(500),
    starts_on     date         not null,
    starts_at     timestamptz  not null,
    ends_on       date,
    ends_at       timestamptz,
    requested_by  varchar(200) not null,
    released_by   varchar(200),
    created_at    timestamptz  not null
);
create unique index account_freeze_open on account_freeze (account_id) where ends_at is null;
