-- The accounts this service may serve, kept from subscription-events (never read from
-- subscription-service's database).
create table account_view (
    account_id    uuid primary key,
    partner_id    uuid,
    display_name  varchar(200) not null,
    status        varchar(20)  not null,
    time_zone     varchar(64)  not null,
    language      varchar(2)   not null,
    updated_at    timestamptz  not null
);

create sequence ticket_number_seq start with 1000;

-- R-T1, R-T2: a ticket and its status.
create table ticket (
    id              uuid primary key,
    number          bigint       not null unique,
    account_id      uuid         not null references account_view (account_id),
    partner_id      uuid,
    kind            varchar(20)  not null,
    severity        varchar(10),
    origin          varchar(20),
    responsibility  varchar(20),
    title           varchar(200) not null,
    description     text         not null,
    status          varchar(20)  not null,
    opened_by       varchar(200) not null,
    opened_at       timestamptz  not null,
    updated_at      timestamptz  not null
);
create index ticket_account on ticket (account_id, opened_at desc);
create index ticket_partner on ticket (partner_id, opened_at desc) where partner_id is not null;

-- R-T2: every transition with actor and time, readable by the customer.
create table ticket_transition (
    id           uuid primary key,
    ticket_id    uuid         not null references ticket (id),
    from_status  varchar(20),
    to_status    varchar(20)  not null,
    actor        varchar(200) not null,
    actor_role   varchar(20)  not null,
    reason       varchar(500),
    at           timestamptz  not null
);
create index ticket_transition_ticket on ticket_transition (ticket_id, at);
