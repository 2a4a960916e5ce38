-- R-B14: joining promotions. An account that joins within a campaign's dates, in one of its plans,
-- and stays in its plans for a month (freeze days excluded) is credited; one promotion per account.
create table promotion (
    id          uuid primary key,
    name        varchar(200)   not null,
    starts_on   date           not null,
    ends_on     date           not null,
    minutes     integer        check (minutes > 0),
    cash        numeric(19, 2) check (cash > 0),
    currency    char(3)        not null,
    created_by  varchar(200)   not null,
    created_at  timestamptz    not null,
    check (minutes is not null or cash is not null),
    check (ends_on >= starts_on)
);

create table promotion_plan (
    promotion_id  uuid not null references promotion (id),
    plan_id       uuid not null references plan (id),
    primary key (promotion_id, plan_id)
);

create table promotion_candidacy (
    account_id    uuid        not null references account (id),
    promotion_id  uuid        not null references promotion (id),
    joined_on     date        not null,
    joined_plan   uuid        not null,
    status        varchar(20) not null,
    settled_at    timestamptz,
    primary key (account_id, promotion_id)
);
