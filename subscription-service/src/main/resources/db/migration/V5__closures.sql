-- R-S8: a requested closure, effective at the end of closes_on, waiting while handling goes on.
create table account_closure (
    id             uuid primary key,
    account_id     uuid         not null references account (id),
    closes_on      date         not null,
    requested_on   date,
    status         varchar(30)  not null,
    postponed_from date,
    requested_by   varchar(200) not null,
    requested_at   timestamptz  not null,
    closed_at      timestamptz
);
create unique index account_closure_pending on account_closure (account_id)
    where status in ('SCHEDULED', 'WAITING_FOR_HANDLING');

-- Sessions being handled right now, from ticket-events (session-started / session-closed).
create table active_session (
    session_id  uuid primary key,
    account_id  uuid        not null,
    started_at  timestamptz not null
);
create index active_session_account on active_session (account_id);
