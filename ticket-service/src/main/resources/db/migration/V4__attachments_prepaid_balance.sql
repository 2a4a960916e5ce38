-- R-T1: attachments are metadata; the file itself lives where storageRef points.
create table ticket_attachment (
    id            uuid primary key,
    ticket_id     uuid          not null references ticket (id),
    file_name     varchar(255)  not null,
    content_type  varchar(100)  not null,
    size_bytes    bigint        not null check (size_bytes > 0),
    storage_ref   varchar(1000) not null,
    uploaded_by   varchar(200)  not null,
    at            timestamptz   not null
);
create index ticket_attachment_ticket on ticket_attachment (ticket_id, at);

-- R-B7: how long a PREPAID account's session may run, from billing's balance events.
create table prepaid_balance (
    account_id         uuid primary key,
    available_seconds  bigint      not null,
    as_of              timestamptz not null
);

alter table remote_session add column stopped_by varchar(200);
