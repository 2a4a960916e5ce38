-- R-S2 with R-B1: a ticket's VAT is rounded on its running total, as R-B9's discount is, so that
-- splitting its time into sessions never changes it: what its sessions have cost so far. Tickets
-- rated before start from what their sessions were rated.
alter table ticket_usage add column payable numeric(19, 2) not null default 0;

update ticket_usage t set payable = r.payable
from (select ticket_id, sum(payable) as payable from rated_session group by ticket_id) r
where r.ticket_id = t.ticket_id;
