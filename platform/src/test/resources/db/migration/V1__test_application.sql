create table widget (
    id          uuid primary key,
    account_id  uuid         not null,
    name        varchar(100) not null
);
create table test_ledger (
    event_id  uuid         not null,
    entry     varchar(200) not null,
    at        timestamptz  not null
);
create table test_fire_log (
    timer_id  uuid        not null,
    subject   varchar(200) not null,
    claimer   varchar(50) not null
);
