-- R-E1: emergencies ops declare; every covered customer is told at once, and again when it ends.
create table emergency (
    id               uuid primary key,
    title            varchar(200)  not null,
    message          varchar(2000) not null,
    all_accounts     boolean       not null,
    account_ids      uuid[]        not null default '{}',
    starts_at        timestamptz   not null,
    expected_end_at  timestamptz,
    declared_by      varchar(200)  not null,
    ended_at         timestamptz,
    ended_by         varchar(200)
);
