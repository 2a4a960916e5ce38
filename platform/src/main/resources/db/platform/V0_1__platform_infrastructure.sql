-- Shared infrastructure tables, identical in every service's database (platform module).

-- Transactional outbox: written in the same transaction as the state change it reports,
-- published to Kafka by the relay in insertion order, then marked published.
create table outbox_event (
    id             uuid primary key,
    position       bigint generated always as identity unique,
    topic          varchar(200) not null,
    type           varchar(200) not null,
    source         varchar(200) not null,
    subject        varchar(200) not null,
    partition_key  varchar(200) not null,
    occurred_at    timestamptz  not null,
    payload        text         not null,
    published_at   timestamptz
);
create index outbox_event_pending on outbox_event (position) where published_at is null;

-- Idempotent consumers: an event id is recorded in the same transaction as its effect.
create table processed_event (
    consumer      varchar(100) not null,
    event_id      uuid         not null,
    event_type    varchar(200) not null,
    processed_at  timestamptz  not null,
    primary key (consumer, event_id)
);

-- Due timers: claimed by any replica with FOR UPDATE SKIP LOCKED and fired in a transaction.
create table due_timer (
    id          uuid primary key,
    kind        varchar(100) not null,
    subject     varchar(200) not null,
    due_at      timestamptz  not null,
    payload     text,
    attempts    integer      not null default 0,
    last_error  text,
    created_at  timestamptz  not null,
    fired_at    timestamptz,
    failed_at   timestamptz
);
create index due_timer_due on due_timer (due_at) where fired_at is null and failed_at is null;
-- one pending timer per kind and subject: scheduling again moves it
create unique index due_timer_pending on due_timer (kind, subject) where fired_at is null and failed_at is null;

-- Idempotency-Key: the first answer to a client's write, replayed to its retries.
create table idempotency_record (
    caller        varchar(200) not null,
    idem_key      varchar(200) not null,
    method        varchar(10)  not null,
    path          varchar(500) not null,
    status        integer,
    content_type  varchar(100),
    body          text,
    created_at    timestamptz  not null,
    completed_at  timestamptz,
    primary key (caller, idem_key)
);
