-- R-N1: every email the service sends, written with the notification in the consumer's transaction
-- (so a redelivered event never mails twice) and sent by the mail dispatcher: the mail log ops read.
create table email_message (
    id               uuid primary key,
    account_id       uuid          not null,
    event_id         uuid          not null,
    kind             varchar(60)   not null,
    to_address       varchar(320)  not null,
    language         varchar(2)    not null,
    subject          varchar(300)  not null,
    html             text          not null,
    text_body        text          not null,
    status           varchar(10)   not null,
    attempts         integer       not null,
    next_attempt_at  timestamptz,
    last_error       varchar(500),
    sent_at          timestamptz,
    created_at       timestamptz   not null,
    unique (event_id, account_id)
);
create index email_message_due on email_message (next_attempt_at) where status in ('PENDING', 'SENDING');
create index email_message_account on email_message (account_id, created_at desc);
