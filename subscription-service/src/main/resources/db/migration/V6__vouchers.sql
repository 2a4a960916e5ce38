-- R-B6 wallet sources: gift cards and service cards (single use) and coupons (a number of uses,
-- once per account), worth minutes or money. Redeeming one publishes a credit billing applies.
create table voucher (
    code             varchar(64)    primary key,
    kind             varchar(20)    not null,
    minutes          integer        check (minutes > 0),
    cash             numeric(19, 2) check (cash > 0),
    currency         char(3)        not null,
    max_redemptions  integer        not null check (max_redemptions > 0),
    redemptions      integer        not null default 0,
    expires_on       date,
    issued_by        varchar(200)   not null,
    issued_at        timestamptz    not null,
    check (minutes is not null or cash is not null),
    check (redemptions <= max_redemptions)
);

create table voucher_redemption (
    id           uuid primary key,
    code         varchar(64) not null references voucher (code),
    account_id   uuid        not null references account (id),
    redeemed_by  varchar(200) not null,
    redeemed_at  timestamptz not null,
    unique (code, account_id)
);
