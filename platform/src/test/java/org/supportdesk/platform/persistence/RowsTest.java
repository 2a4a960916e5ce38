package org.supportdesk.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testapp.Widget;
import org.supportdesk.platform.testapp.WidgetPart;
import org.supportdesk.platform.testapp.WidgetSpec;
import org.supportdesk.platform.testing.OnVertx;

/** {@link Rows#insertTogether}: rows of several tables in one statement, a foreign key to an earlier list's row included. */
@QuarkusTest
class RowsTest {

    @Inject
    ObjectMapper json;

    @Test
    void rowsReferringToRowsOfAnEarlierListAreWrittenInTheSameStatement() {
        Widget widget = widget("together");
        List<WidgetPart> parts = List.of(part(widget.id, "first"), part(widget.id, "second"));
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> Rows.insertTogether(s, json, List.of(List.of(widget), List.of(), parts)))));

        assertThat(names("select name from widget where id = cast(:id as uuid)", widget.id)).containsExactly("together");
        assertThat(names("select name from widget_part where widget_id = cast(:id as uuid) order by name", widget.id))
                .containsExactly("first", "second");
    }

    @Test
    void aRowReferringToNoRowFailsTheStatementAndNothingOfItIsWritten() {
        Widget widget = widget("left alone");
        WidgetPart orphan = part(TimeOrderedIds.next(), "orphan");
        assertThatThrownBy(() -> OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> Rows.insertTogether(s, json, List.of(List.of(widget), List.of(orphan)))))))
                .hasStackTraceContaining("widget_part_widget_id_fkey");

        assertThat(names("select name from widget where id = cast(:id as uuid)", widget.id)).isEmpty();
    }

    @Test
    void oneListIsWrittenAsInsertAllWritesIt() {
        Widget widget = widget("alone");
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> Rows.insertTogether(s, json, List.of(List.of(widget))))));

        assertThat(names("select name from widget where id = cast(:id as uuid)", widget.id)).containsExactly("alone");
    }

    @Test
    void everyValueReadsBackAsItWasWrittenNullsAndAwkwardTextIncluded() {
        WidgetSpec full = new WidgetSpec();
        full.id = TimeOrderedIds.next();
        full.maker = TimeOrderedIds.next();
        full.note = "a \"quoted\", {braced} (parenthesised) back\\slash, NULL, tab\there, \u05e9\u05dc\u05d5\u05dd \ud83c\udf89\nsecond line";
        full.code = "NULL";
        full.grade = WidgetSpec.Grade.SECOND;
        full.units = -2_147_483_648;
        full.spares = 2_147_483_647;
        full.serial = Long.MIN_VALUE;
        full.batch = Long.MAX_VALUE;
        full.price = new BigDecimal("-12345678901234567.05");
        full.active = false;
        full.checked = true;
        full.madeAt = Instant.parse("2026-12-06T08:58:05.123456Z");
        full.madeOn = LocalDate.parse("2027-02-28");
        full.opensAt = LocalTime.parse("08:30:15");
        WidgetSpec empty = new WidgetSpec();
        empty.id = TimeOrderedIds.next();
        empty.note = "";
        empty.code = "";
        WidgetSpec nulls = new WidgetSpec();
        nulls.id = TimeOrderedIds.next();
        nulls.code = "{}";
        nulls.price = new BigDecimal("1E+3").setScale(2);
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> Rows.insertAll(s, json, List.of(full, empty, nulls)))));

        for (WidgetSpec written : List.of(full, empty, nulls)) {
            WidgetSpec read = OnVertx.await(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.find(WidgetSpec.class, written.id))));
            assertThat(read).usingRecursiveComparison().ignoringFieldsMatchingRegexes("\\$\\$_hibernate_.*").isEqualTo(written);
        }
    }

    private static List<String> names(String sql, UUID id) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery(sql, String.class).setParameter("id", NativeSelects.uncached(id)).getResultList())));
    }

    private static Widget widget(String name) {
        Widget w = new Widget();
        w.id = TimeOrderedIds.next();
        w.accountId = TimeOrderedIds.next();
        w.name = name;
        return w;
    }

    private static WidgetPart part(UUID widgetId, String name) {
        WidgetPart p = new WidgetPart();
        p.id = TimeOrderedIds.next();
        p.widgetId = widgetId;
        p.name = name;
        return p;
    }
}
