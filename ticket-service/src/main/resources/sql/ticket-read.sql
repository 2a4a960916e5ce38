-- GET /api/v1/tickets/{id} in one statement (TicketReads): the ticket, who may see it, its trail and its
-- SLA targets; instants in the aggregates as microseconds since the epoch. bench/tickets.sh runs it too.
select t.id, t.number, t.account_id, t.partner_id, t.kind, t.severity, t.origin, t.responsibility, t.title,
       t.description, t.status, t.opened_by, t.opened_at, t.plan_id, t.plan_version, t.plan_type, t.reopened_from,
       t.vendor_ticket_number, t.tier, t.external_level, t.arisen_at, t.paused_for_customer,
       t.paused_for_emergency, a.partner_id as account_partner_id,
       (select coalesce(json_agg(json_build_object('from', r.from_status, 'to', r.to_status, 'actor', r.actor,
                   'actorRole', r.actor_role, 'reason', r.reason,
                   'at', (extract(epoch from r.at) * 1000000)::bigint) order by r.at, r.id), '[]')
          from ticket_transition r where r.ticket_id = t.id) as transitions,
       (select coalesce(json_agg(json_build_object('target', s.target,
                   'dueAt', (extract(epoch from s.due_at) * 1000000)::bigint,
                   'aroundTheClock', s.around_the_clock,
                   'metAt', (extract(epoch from s.met_at) * 1000000)::bigint,
                   'breachedAt', (extract(epoch from s.breached_at) * 1000000)::bigint,
                   'paused', s.paused_since is not null, 'pausedSeconds', s.paused_seconds,
                   'stoppedAt', (extract(epoch from s.stopped_at) * 1000000)::bigint) order by s.target), '[]')
          from sla_target s where s.ticket_id = t.id) as targets
from ticket t join account_view a on a.account_id = t.account_id
where t.id = $1
