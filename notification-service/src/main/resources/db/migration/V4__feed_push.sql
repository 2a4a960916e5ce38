-- The feed's live push: every new notification is announced on channel notification_feed when its
-- transaction commits (PostgreSQL NOTIFY is transactional); every replica listens and pushes it to
-- the SPA clients connected to it by Server-Sent Events.
create function notify_feed() returns trigger language plpgsql as $$
begin
    perform pg_notify('notification_feed', new.account_id::text || ':' || new.id::text);
    return new;
end;
$$;

create trigger notification_pushed after insert on notification
    for each row execute function notify_feed();
