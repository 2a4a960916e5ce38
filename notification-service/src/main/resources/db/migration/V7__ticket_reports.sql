-- R-T10: the customer's tickets as the report shows them (from ticket-events), and who asked for a
-- periodic report.
create table ticket_summary (
    ticket_id   uuid primary key,
    account_id  uuid          not null,
    number      bigint        not null,
    title       varchar(200)  not null,
    status      varchar(20)   not null,
    opened_at   timestamptz   not null,
    updated_at  timestamptz   not null
);
create index ticket_summary_account on ticket_summary (account_id, opened_at desc);

create table ticket_report (
    account_id  uuid primary key,
    frequency   varchar(10)  not null,
    next_at     timestamptz  not null,
    created_at  timestamptz  not null
);
