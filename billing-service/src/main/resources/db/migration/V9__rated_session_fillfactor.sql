-- A rated session is written once and updated once, when an invoice bills it (invoice_id, in no
-- index): room left in each page keeps that update on the page (a HOT update, no index entries).
alter table rated_session set (fillfactor = 80);
