-- R-L1, R-L2: calendars and SLA policies managed through the API. A policy applies to tickets
-- opened under one of its plans, else the default policy applies, else the configured one
-- (ticket.calendar.*, ticket.sla.*). Both are immutable once created: a ticket keeps the policy
-- it was opened under.
create table business_calendar (
    id           uuid primary key,
    name         varchar(200) not null,
    time_zone    varchar(64)  not null,
    hours        text[]       not null,
    closed_days  date[]       not null default '{}',
    created_by   varchar(200) not null,
    created_at   timestamptz  not null
);

create table sla_policy (
    id                      uuid primary key,
    name                    varchar(200) not null,
    calendar_id             uuid         not null references business_calendar (id),
    first_response          text         not null,
    follow_up               text         not null,
    service_request_cutoff  time,
    handling_cutoff         time,
    handling_within_seconds bigint       not null,
    critical_within_seconds bigint,
    escalate_on_breach      boolean      not null,
    plan_ids                uuid[]       not null default '{}',
    is_default              boolean      not null,
    created_by              varchar(200) not null,
    created_at              timestamptz  not null
);

alter table ticket add column sla_policy_id uuid references sla_policy (id);
