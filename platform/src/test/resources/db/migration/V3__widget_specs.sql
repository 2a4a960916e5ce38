-- A column of every type Rows writes: each value must read back exactly as it was written.
create table widget_spec (
    id          uuid primary key,
    maker       uuid,
    note        text,
    code        varchar(20)    not null,
    grade       varchar(10),
    units       integer,
    spares      integer        not null,
    serial      bigint,
    batch       bigint         not null,
    price       numeric(19, 2),
    active      boolean,
    checked     boolean        not null,
    made_at     timestamptz,
    made_on     date,
    opens_at    time
);
