-- R-S1, R-S4, R-S5: an account's stays in plans, each from the start of a service day to the start
-- of another, with the last day it received service (the commitment follows it).
create table subscription_period (
    id               uuid primary key,
    account_id       uuid        not null references account (id),
    plan_id          uuid        not null references plan (id),
    plan_version     integer     not null,
    plan_type        varchar(20) not null,
    plan_tier        varchar(20) not null,
    starts_on        date        not null,
    ends_on          date,
    last_service_on  date,
    created_at       timestamptz not null
);
create index subscription_period_account on subscription_period (account_id, starts_on);
create unique index subscription_period_current on subscription_period (account_id) where ends_on is null;

-- A requested plan change, taking effect at the start of a day (a due timer applies it).
create table plan_change (
    id              uuid primary key,
    account_id      uuid         not null references account (id),
    to_plan_id      uuid         not null references plan (id),
    to_plan_version integer      not null,
    kind            varchar(20)  not null,
    effective_on    date         not null,
    requested_on    date,
    status          varchar(20)  not null,
    requested_by    varchar(200) not null,
    requested_at    timestamptz  not null,
    settled_at      timestamptz,
    postponed_from  date
);
create unique index plan_change_scheduled on plan_change (account_id) where status = 'SCHEDULED';
