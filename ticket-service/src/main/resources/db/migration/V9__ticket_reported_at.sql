-- R-S6 with R-L4: a ticket re-opened under a new plan keeps the time the customer reported the
-- request (null: the ticket's own opening), so a critical incident stays critical.
alter table ticket add column reported_at timestamptz;
