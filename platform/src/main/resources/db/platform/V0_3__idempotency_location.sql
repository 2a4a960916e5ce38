-- A replayed answer is the first answer: a 201's Location is kept with its status and body.
alter table idempotency_record add column location varchar(2000);
