-- Each account's notification preferences: channels and the kinds it does not want. Legally
-- required messages (invoices, failed payments, freezes, emergencies) are sent whatever they say.
create table notification_preference (
    account_id     uuid primary key,
    in_app         boolean      not null,
    email          boolean      not null,
    muted_kinds    text[]       not null default '{}',
    language       varchar(2),
    updated_at     timestamptz  not null
);
