-- Invoice documents name the customer (account-registered's display name).
alter table billing_account add column display_name varchar(200);
