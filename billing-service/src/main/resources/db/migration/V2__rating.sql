-- R-S2, R-S6: every plan version as subscription-service published it (versions never change), so a
-- ticket is rated by the version it was opened under.
create table plan_version (
    plan_id       uuid         not null,
    version       integer      not null,
    code          varchar(100) not null,
    type          varchar(20)  not null,
    terms         text         not null,
    published_at  timestamptz  not null,
    primary key (plan_id, version)
);

-- The account's current plan (for R-B7's minute rate) from subscription-changed.
alter table billing_account add column plan_id uuid;
alter table billing_account add column plan_version integer;
alter table billing_account add column plan_type varchar(20);

-- R-B9: partners' discounts, from partner-registered and partner-discount-changed.
create table partner (
    partner_id        uuid primary key,
    discount_percent  numeric(5, 2) not null,
    updated_at        timestamptz   not null
);

-- R-B1, R-B4, R-B10: what each ticket used so far.
create table ticket_usage (
    ticket_id        uuid primary key,
    account_id       uuid           not null,
    ticket_number    bigint         not null,
    opened_at        timestamptz    not null,
    plan_id          uuid           not null,
    plan_version     integer        not null,
    bill_to_partner  uuid,
    seconds          bigint         not null,
    included         integer        not null,
    fee_charged      boolean        not null,
    direct_charges   numeric(19, 2) not null,
    updated_at       timestamptz    not null
);
create index ticket_usage_account on ticket_usage (account_id, opened_at);

-- R-B2: included minutes used per account and service day (months are the sum of their days).
create table included_usage (
    account_id  uuid    not null,
    day         date    not null,
    included    integer not null,
    primary key (account_id, day)
);

-- One rated session: a session is rated once, whatever redeliveries (the primary key).
create table rated_session (
    session_id          uuid primary key,
    account_id          uuid           not null,
    ticket_id           uuid           not null,
    bill_to_partner     uuid,
    plan_id             uuid           not null,
    plan_version        integer        not null,
    started_at          timestamptz    not null,
    ended_at            timestamptz    not null,
    seconds             bigint         not null,
    minutes             integer        not null,
    included            integer        not null,
    minute_credit_used  integer        not null,
    cash_credit_used    numeric(19, 2) not null,
    discount            numeric(19, 2) not null,
    payable             numeric(19, 2) not null,
    vat                 numeric(19, 2) not null,
    currency            char(3)        not null,
    rated_at            timestamptz    not null,
    invoice_id          uuid
);
create index rated_session_account on rated_session (account_id, ended_at);

create table rated_line (
    id           uuid primary key,
    session_id   uuid           not null references rated_session (session_id),
    position     integer        not null,
    kind         varchar(20)    not null,
    day          date,
    minutes      integer        not null,
    included     integer        not null,
    billable     integer        not null,
    amount       numeric(19, 2) not null,
    description  varchar(200)   not null,
    unique (session_id, position)
);
