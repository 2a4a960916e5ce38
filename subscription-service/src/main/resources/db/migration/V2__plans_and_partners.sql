-- R-S2: the plan catalogue. A plan's terms are versioned: editing a plan adds a version and
-- never changes one a subscription (or an invoice) already refers to.
create table plan (
    id               uuid primary key,
    code             varchar(60)  not null unique,
    name             varchar(200) not null,
    type             varchar(20)  not null,
    tier             varchar(20)  not null,
    current_version  integer      not null,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);

create table plan_version (
    plan_id     uuid         not null references plan (id),
    version     integer      not null,
    name        varchar(200) not null,
    terms       text         not null,
    created_by  varchar(200) not null,
    created_at  timestamptz  not null,
    primary key (plan_id, version)
);

-- R-P2: a partner (employer, reseller, association) under a group agreement.
create table partner (
    id                uuid primary key,
    name              varchar(200) not null,
    contact_email     varchar(320) not null,
    discount_percent  numeric(5, 2) not null check (discount_percent >= 0 and discount_percent <= 100),
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);
