-- A key names one request: its query and body are kept as a digest, so that the same key sent with
-- another body is refused (422) instead of answered with the first request's answer. Records kept
-- before this have none and are judged by method and path alone.
alter table idempotency_record add column request_digest varchar(64);
