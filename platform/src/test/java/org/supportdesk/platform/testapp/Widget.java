package org.supportdesk.platform.testapp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.UUID;

@Entity
@jakarta.persistence.Table(name = "widget")
public class Widget extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    public String name;
}
