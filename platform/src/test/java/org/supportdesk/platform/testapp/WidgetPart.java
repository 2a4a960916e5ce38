package org.supportdesk.platform.testapp;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

@Entity
@Table(name = "widget_part")
public class WidgetPart {
    @Id
    public UUID id;
    @Column(name = "widget_id")
    public UUID widgetId;
    public String name;
}
