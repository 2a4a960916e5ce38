-- R-L5: every missed target, kept for good. A follow-up (NEXT_UPDATE) target starts again at each
-- update, which clears its row's breach; the breach itself stays here, for the ticket's history and
-- the breached filter.
create table sla_breach (
    id          uuid primary key,
    ticket_id   uuid        not null references ticket (id),
    target      varchar(20) not null,
    due_at      timestamptz not null,
    breached_at timestamptz not null,
    unique (ticket_id, target, due_at)
);
insert into sla_breach (id, ticket_id, target, due_at, breached_at)
select gen_random_uuid(), ticket_id, target, due_at, breached_at from sla_target where breached_at is not null;
