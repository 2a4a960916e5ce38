-- R-N2: partners' webhook endpoints, and every delivery with its attempts (the delivery log).
create table webhook (
    id           uuid primary key,
    partner_id   uuid          not null,
    url          varchar(2000) not null,
    secret       varchar(100)  not null,
    event_types  text[]        not null default '{}',
    active       boolean       not null,
    created_by   varchar(200)  not null,
    created_at   timestamptz   not null
);
create index webhook_partner on webhook (partner_id) where active;

create table webhook_delivery (
    id               uuid primary key,
    webhook_id       uuid          not null references webhook (id),
    partner_id       uuid          not null,
    event_id         uuid          not null,
    event_type       varchar(200)  not null,
    account_id       uuid          not null,
    body             text          not null,
    status           varchar(12)   not null,
    attempts         integer       not null,
    next_attempt_at  timestamptz,
    last_status      integer,
    last_error       varchar(500),
    delivered_at     timestamptz,
    created_at       timestamptz   not null,
    unique (webhook_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status in ('PENDING', 'SENDING');
create index webhook_delivery_partner on webhook_delivery (partner_id, created_at desc);
