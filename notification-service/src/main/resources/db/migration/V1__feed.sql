-- Who is told, in which language: kept from subscription-events.
create table recipient (
    account_id    uuid primary key,
    partner_id    uuid,
    display_name  varchar(200) not null,
    email         varchar(320),
    language      varchar(2)   not null,
    time_zone     varchar(64)  not null,
    updated_at    timestamptz  not null
);

-- R-N1: the in-app feed. One notification per (event, account, channel): a redelivered event
-- never tells anyone twice.
create table notification (
    id          uuid primary key,
    account_id  uuid         not null,
    event_id    uuid         not null,
    channel     varchar(20)  not null,
    kind        varchar(60)  not null,
    subject_id  varchar(200) not null,
    title       varchar(300) not null,
    body        text         not null,
    created_at  timestamptz  not null,
    read_at     timestamptz,
    unique (event_id, account_id, channel)
);
create index notification_feed on notification (account_id, created_at desc);
