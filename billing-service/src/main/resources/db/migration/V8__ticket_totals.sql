-- What a ticket's earlier sessions leave for the next ones, so that rounding happens on the ticket,
-- never on how its time was split into sessions: R-B9's discount (exact and given) and R-B15's
-- on-call seconds and hours charged.
alter table ticket_usage
    add column discount_exact  numeric(24, 8) not null default 0,
    add column discount_given  numeric(19, 2) not null default 0,
    add column on_call_seconds bigint         not null default 0,
    add column on_call_hours   integer        not null default 0;
