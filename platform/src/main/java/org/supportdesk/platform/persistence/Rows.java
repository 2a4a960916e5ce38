package org.supportdesk.platform.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * was written before stays before.
 */
public final class Rows {

    private record Shape(String table, List<Field> fields, List<String> columns) {
    }

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private Rows() {
    }

    public static <T> Uni<Void> insertAll(Mutiny.Session session, ObjectMapper json, List<T> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Shape shape = SHAPES.computeIfAbsent(rows.getFirst().getClass(), Rows::shapeOf);
        List<Map<String, Object>> values = new ArrayList<>(rows.size());
        for (T row : rows) {
            if (row.getClass() != rows.getFirst().getClass()) {
                throw new IllegalArgumentException("rows of " + row.getClass() + " among " + rows.getFirst().getClass());
            }
            Map<String, Object> value = new LinkedHashMap<>();
            for (int i = 0; i < shape.fields().size(); i++) {
                value.put(shape.columns().get(i), read(shape.fields().get(i), row));
            }
            values.add(value);
        }
        String columns = String.join(", ", shape.columns());
        String sql = "insert into " + shape.table() + " (" + columns + ") select " + columns
                + " from json_populate_recordset(null::" + shape.table() + ", cast(cast(:rows as text) as json)) with ordinality"
                + " order by ordinality";
        return session.flush().chain(() -> session.createNativeQuery(sql)
                .setParameter("rows", write(json, values)).executeUpdate()).replaceWithVoid();
    }

    private static Object read(Field field, Object row) {
        try {
            Object value = field.get(row);
            return value instanceof Enum<?> e ? e.name() : value;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("unreadable column " + field, e);
        }
    }

    private static String write(ObjectMapper json, List<Map<String, Object>> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rows cannot be written as JSON", e);
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
