-- R-B11: the account's stays in plans and its freezes, from subscription-events, for the monthly fees.
create table subscription_stay (
    id            uuid primary key,
    account_id    uuid         not null,
    plan_id       uuid         not null,
    plan_version  integer      not null,
    starts_on     date         not null,
    ends_on       date
);
create index subscription_stay_account on subscription_stay (account_id, starts_on);

create table account_freeze (
    id          uuid primary key,
    account_id  uuid not null,
    starts_on   date not null,
    ends_on     date
);
create index account_freeze_account on account_freeze (account_id, starts_on);

-- R-B11, R-B12: when each ticket's handling ended (null: still handled), from ticket-status-changed.
alter table ticket_usage add column handling_ended_at timestamptz;

-- Invoices: draft → issued → paid / void; an issued invoice is never edited (a credit note corrects
-- it). Numbers are gapless per series: taken from the series' counter in the issuing transaction.
create table invoice_series (
    series       varchar(20) primary key,
    next_number  bigint      not null
);
insert into invoice_series (series, next_number) values ('INVOICE', 1), ('CREDIT_NOTE', 1);

create table invoice (
    id               uuid primary key,
    series           varchar(20)    not null,
    number           bigint,
    kind             varchar(20)    not null,
    account_id       uuid           not null,
    period_start     date,
    period_end       date,
    ticket_id        uuid,
    corrects         uuid references invoice (id),
    status           varchar(10)    not null,
    currency         char(3)        not null,
    total            numeric(19, 2) not null,
    vat              numeric(19, 2) not null,
    payment_attempts integer        not null default 0,
    created_at       timestamptz    not null,
    issued_at        timestamptz,
    paid_at          timestamptz,
    voided_at        timestamptz,
    unique (series, number)
);
create unique index invoice_one_per_month on invoice (account_id, period_start) where kind = 'MONTHLY';
create index invoice_ticket on invoice (ticket_id) where kind = 'TICKET';
create index invoice_account on invoice (account_id, created_at desc);

create table invoice_line (
    id           uuid primary key,
    invoice_id   uuid           not null references invoice (id),
    position     integer        not null,
    kind         varchar(20)    not null,
    description  varchar(300)   not null,
    quantity     integer,
    amount       numeric(19, 2) not null,
    vat          numeric(19, 2) not null,
    ticket_id    uuid,
    unique (invoice_id, position)
);

-- R-S7: whether the customer was warned about invalid card details (a failed charge warns).
alter table billing_account add column card_warned_at timestamptz;
