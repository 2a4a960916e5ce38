-- R-L2…R-L5: each ticket's SLA targets. A target is a budget of (business) time from its start; the
-- time it spent paused (PENDING_CUSTOMER, a declared emergency) moves its due time later.
create table sla_target (
    ticket_id        uuid        not null references ticket (id),
    target           varchar(20) not null,
    around_the_clock boolean     not null,
    started_at       timestamptz not null,
    budget_seconds   bigint      not null check (budget_seconds >= 0),
    paused_seconds   bigint      not null default 0,
    paused_since     timestamptz,
    due_at           timestamptz not null,
    met_at           timestamptz,
    stopped_at       timestamptz,
    breached_at      timestamptz,
    primary key (ticket_id, target)
);

-- R-T8: the internal tier working the ticket, and why its clocks are paused (R-L5).
alter table ticket add column tier varchar(20) not null default 'T1';
alter table ticket add column external_level varchar(20);
alter table ticket add column paused_for_customer boolean not null default false;
alter table ticket add column paused_for_emergency boolean not null default false;

-- R-T8: every escalation, internal (tiers) or external (Head of Support, then CCO).
create table ticket_escalation (
    id         uuid primary key,
    ticket_id  uuid         not null references ticket (id),
    kind       varchar(10)  not null,
    from_level varchar(20),
    to_level   varchar(20)  not null,
    actor      varchar(200) not null,
    actor_role varchar(20)  not null,
    reason     varchar(500),
    at         timestamptz  not null
);
create index ticket_escalation_ticket on ticket_escalation (ticket_id, at);

-- R-E1: emergencies declared by ops (through notification-service); covered tickets' clocks pause.
create table emergency (
    id             uuid primary key,
    all_accounts   boolean      not null,
    account_ids    uuid[]       not null default '{}',
    title          varchar(200) not null,
    starts_at      timestamptz  not null,
    ended_at       timestamptz
);
