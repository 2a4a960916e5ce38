-- R-P1: an account is a customer (person or business) with contacts and optionally a partner.
create table account (
    id             uuid primary key,
    display_name   varchar(200) not null,
    contact_name   varchar(200) not null,
    email          varchar(320) not null,
    phone          varchar(40),
    time_zone      varchar(64)  not null,
    language       varchar(2)   not null,
    partner_id     uuid,
    status         varchar(20)  not null,
    registered_at  timestamptz  not null
);
create index account_partner on account (partner_id);
