-- A row referring to a widget: Rows.insertTogether writes both in one statement.
create table widget_part (
    id         uuid primary key,
    widget_id  uuid         not null references widget (id),
    name       varchar(100) not null
);
