-- R-N1, R-N2: an event about an account whose registration has not arrived yet (the subscription-
-- events and ticket-events consumers run apart, and a restart can apply one before the other) is
-- put in the feed at once, and kept here until account-registered says where to mail it and which
-- partner to call; then it is mailed and delivered, and its row goes.
create table untold_event (
    id           uuid primary key,
    account_id   uuid         not null,
    event_id     uuid         not null,
    event_type   varchar(200) not null,
    source       varchar(200),
    subject      varchar(200),
    event_key    varchar(200),
    occurred_at  timestamptz  not null,
    data         text         not null,
    created_at   timestamptz  not null,
    unique (event_id, account_id)
);
create index untold_event_account on untold_event (account_id);
