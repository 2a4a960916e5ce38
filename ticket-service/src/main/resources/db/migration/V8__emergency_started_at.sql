-- R-E1: when an emergency's clocks paused (it starts by a due timer, at once or at the start it was
-- declared for). Openings and ends go by it, under a row lock, rather than by the clock. An emergency
-- already here without a pending start timer paused its tickets when it was declared.
alter table emergency add column started_at timestamptz;
update emergency set started_at = starts_at
where not exists (select 1 from due_timer t where t.kind = 'emergency-start' and t.subject = emergency.id::text
                  and t.fired_at is null and t.failed_at is null);
