-- The accounts billing serves, kept from subscription-events.
create table billing_account (
    account_id    uuid primary key,
    partner_id    uuid,
    status        varchar(20) not null,
    updated_at    timestamptz not null
);

-- R-B6: each account's wallet: minute credit and cash credit (exact decimals), never redeemable.
create table wallet (
    account_id     uuid primary key references billing_account (account_id),
    currency       char(3)        not null,
    minute_credit  integer        not null check (minute_credit >= 0),
    cash_credit    numeric(19, 4) not null check (cash_credit >= 0),
    opened_at      timestamptz    not null,
    updated_at     timestamptz    not null
);

-- R-B6: the append-only ledger of every wallet change, with its source and reason.
create table wallet_entry (
    id             uuid primary key,
    account_id     uuid           not null references wallet (account_id),
    minutes        integer        not null,
    cash           numeric(19, 4) not null,
    source         varchar(30)    not null,
    reason         varchar(500)   not null,
    ticket_id      uuid,
    event_id       uuid,
    at             timestamptz    not null
);
create index wallet_entry_account on wallet_entry (account_id, at);
