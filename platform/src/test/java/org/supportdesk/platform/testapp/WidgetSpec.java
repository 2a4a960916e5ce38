package org.supportdesk.platform.testapp;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** A row with a column of every type {@code Rows} writes, nullable and not. */
@Entity
@Table(name = "widget_spec")
public class WidgetSpec {

    public enum Grade {
        FIRST, SECOND
    }

    @Id
    public UUID id;
    public UUID maker;
    public String note;
    public String code;
    @Enumerated(EnumType.STRING)
    public Grade grade;
    public Integer units;
    public int spares;
    public Long serial;
    public long batch;
    public BigDecimal price;
    public Boolean active;
    public boolean checked;
    @Column(name = "made_at")
    public Instant madeAt;
    @Column(name = "made_on")
    public LocalDate madeOn;
    @Column(name = "opens_at")
    public LocalTime opensAt;
}
