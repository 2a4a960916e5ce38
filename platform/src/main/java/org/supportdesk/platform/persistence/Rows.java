package org.supportdesk.platform.persistence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * New rows of one entity class written with one statement, however many: the rows go to PostgreSQL
 * as one JSON array, unpacked by {@code json_populate_recordset} into the table's row type and
 * inserted in the list's order ({@code with ordinality}, so identity columns follow it). For the
 * set-based paths that write hundreds of rows a transaction (the invoice run, its outbox events),
 * where persisting them as entities one by one costs more than the database does. The entities'
 * columns are their mapped fields: the {@link Column} name, else the field's name in snake case;
 * a column the entity does not map (an identity, a default) is left to the table. The rows are
 * not entities of the session afterwards; the session's pending changes are flushed first, so what
 * was written before stays before. {@link #insertTogether} writes rows of several classes in one
 * statement (a ticket opened with its first transition, SLA targets and event).
 */
public final class Rows {

    private record Shape(String table, List<Field> fields, List<String> columns) {
    }

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private Rows() {
    }

    public static <T> Uni<Void> insertAll(Mutiny.Session session, ObjectMapper json, List<T> rows) {
        return insertTogether(session, json, List.of(rows));
    }

    /**
     * New rows of several entity classes written with one statement: a data-modifying {@code WITH}
     * per list, in the lists' order (empty ones left out), each list as {@link #insertAll} writes it.
     * The statement's foreign keys are checked when it ends, so a list may hold rows that refer to
     * rows of an earlier one (a ticket, then its first transition): one round trip for all of them.
     */
    public static Uni<Void> insertTogether(Mutiny.Session session, ObjectMapper json, List<? extends List<?>> tables) {
        List<? extends List<?>> written = tables.stream().filter(rows -> !rows.isEmpty()).toList();
        if (written.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder();
        String[] values = new String[written.size()];
        for (int i = 0; i < written.size(); i++) {
            List<?> rows = written.get(i);
            Shape shape = SHAPES.computeIfAbsent(rows.getFirst().getClass(), Rows::shapeOf);
            String columns = String.join(", ", shape.columns());
            String insert = "insert into " + shape.table() + " (" + columns + ") select " + columns
                    + " from json_populate_recordset(null::" + shape.table() + ", cast(cast(:rows" + i
                    + " as text) as json)) with ordinality order by ordinality";
            if (i < written.size() - 1) {
                sql.append(i == 0 ? "with " : ", ").append('r').append(i).append(" as (").append(insert).append(')');
            } else {
                sql.append(i == 0 ? "" : " ").append(insert);
            }
            values[i] = write(json, shape, rows);
        }
        String statement = sql.toString();
        // what the session holds flushed first, then the insert without a second auto-flush
        return AutoFlush.skipped(session, () -> {
            var insert = session.createNativeQuery(statement);
            for (int i = 0; i < values.length; i++) {
                insert.setParameter("rows" + i, values[i]);
            }
            return insert.executeUpdate();
        }).replaceWithVoid();
    }

    /** The rows as one JSON array of objects, column by column, streamed (no map per row). */
    private static String write(ObjectMapper json, Shape shape, List<?> rows) {
        java.io.StringWriter out = new java.io.StringWriter(rows.size() * 64 * shape.columns().size() / 4 + 16);
        Class<?> type = rows.getFirst().getClass();
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Object row : rows) {
                if (row.getClass() != type) {
                    throw new IllegalArgumentException("rows of " + row.getClass() + " among " + type);
                }
                g.writeStartObject();
                for (int i = 0; i < shape.fields().size(); i++) {
                    g.writeFieldName(shape.columns().get(i));
                    value(json, g, read(shape.fields().get(i), row));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("rows cannot be written as JSON", e);
        }
        return out.toString();
    }

    /** A column's value as the mapper would write it; the common types without a lookup of their serializer. */
    private static void value(ObjectMapper json, JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case UUID u -> g.writeString(u.toString());
            case Integer n -> g.writeNumber(n);
            case Long n -> g.writeNumber(n);
            case BigDecimal n -> g.writeNumber(n);
            case Boolean b -> g.writeBoolean(b);
            case Instant t -> g.writeString(t.toString()); // ISO-8601 in UTC, as the mapper's JavaTimeModule
            case LocalDate d -> g.writeString(d.toString());
            default -> json.writeValue(g, value);
        }
    }

    private static Object read(Field field, Object row) {
        try {
            Object value = field.get(row);
            return value instanceof Enum<?> e ? e.name() : value;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("unreadable column " + field, e);
        }
    }

    private static Shape shapeOf(Class<?> type) {
        Table table = type.getAnnotation(Table.class);
        if (table == null || table.name().isEmpty()) {
            throw new IllegalArgumentException(type + " names no table");
        }
        List<Field> fields = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<Field> declared = new ArrayList<>();
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            declared.addAll(0, List.of(c.getDeclaredFields()));
        }
        for (Field field : declared) {
            int modifiers = field.getModifiers();
            // Hibernate's enhancement adds its own fields (transient or $$_hibernate_…) and may make the mapped ones private
            if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()
                    || field.getName().startsWith("$$_") || field.isAnnotationPresent(Transient.class)) {
                continue;
            }
            field.setAccessible(true);
            if (field.getType().isEnum() && (!field.isAnnotationPresent(Enumerated.class)
                    || field.getAnnotation(Enumerated.class).value() != jakarta.persistence.EnumType.STRING)) {
                throw new IllegalArgumentException(field + " is not stored by name");
            }
            Column column = field.getAnnotation(Column.class);
            fields.add(field);
            columns.add(column != null && !column.name().isEmpty() ? column.name() : snakeCase(field.getName()));
        }
        return new Shape(table.name(), List.copyOf(fields), List.copyOf(columns));
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
