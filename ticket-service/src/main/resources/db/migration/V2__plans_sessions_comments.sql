-- The account's current plan (R-S3 entitlement, R-S6 pricing) and status (R-S7, R-S8), from
-- subscription-events.
alter table account_view add column plan_id uuid;
alter table account_view add column plan_version integer;
alter table account_view add column plan_type varchar(20);
alter table account_view add column plan_tier varchar(20);

-- R-S6: a ticket is priced by the plan it was opened under; a not-started ticket of a committing
-- plan is closed and re-opened under the new plan when the plan changes (not by upgrade).
alter table ticket add column plan_id uuid;
alter table ticket add column plan_version integer;
alter table ticket add column plan_type varchar(20);
alter table ticket add column reopened_from uuid references ticket (id);
alter table ticket add column vendor_ticket_number varchar(100);
alter table ticket add column status_since timestamptz;
update ticket set status_since = updated_at;
create index ticket_account_open on ticket (account_id, opened_at) where status not in ('RESOLVED', 'CLOSED', 'CANCELLED');

-- R-T2: comments, public (the customer reads them) or internal (staff only).
create table ticket_comment (
    id          uuid primary key,
    ticket_id   uuid          not null references ticket (id),
    author      varchar(200)  not null,
    author_role varchar(20)   not null,
    visibility  varchar(10)   not null,
    body        text          not null,
    at          timestamptz   not null
);
create index ticket_comment_ticket on ticket_comment (ticket_id, at);

-- R-T7: remote-support sessions. One agent, one device: an agent runs one session at a time, and a
-- ticket has one running session.
create table remote_session (
    id                        uuid primary key,
    ticket_id                 uuid          not null references ticket (id),
    account_id                uuid          not null,
    agent                     varchar(200)  not null,
    consent                   boolean       not null check (consent),
    started_at                timestamptz   not null,
    ended_at                  timestamptz,
    seconds                   bigint        check (seconds >= 0),
    outside_business_hours    boolean       not null,
    critical                  boolean       not null,
    outcome                   varchar(20),
    fixed_price_action        varchar(100),
    recorded_by               varchar(200),
    recorded_reason           varchar(500),
    created_at                timestamptz   not null,
    check (ended_at is null or ended_at >= started_at)
);
create unique index remote_session_one_per_agent on remote_session (agent) where ended_at is null;
create unique index remote_session_one_per_ticket on remote_session (ticket_id) where ended_at is null;
create index remote_session_ticket on remote_session (ticket_id, started_at);
