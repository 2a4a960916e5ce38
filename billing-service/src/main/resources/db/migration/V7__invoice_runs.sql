-- R-B11: invoice runs requested by an admin (the scheduler runs every month by itself).
create table invoice_run (
    id            uuid primary key,
    period_start  date         not null,
    accounts      integer      not null,
    requested_by  varchar(200) not null,
    requested_at  timestamptz  not null
);
