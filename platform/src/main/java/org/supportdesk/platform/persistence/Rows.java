package org.supportdesk.platform.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * New rows of one entity class written with one statement, however many: each column goes to
 * PostgreSQL as one array (a {@code text[]} parameter, cast to the column's type), the arrays unnested
 * side by side into rows and inserted in the list's order ({@code with ordinality}, so identity
 * columns follow it). For the set-based paths that write hundreds of rows a transaction (rating, the
 * invoice run, the feed, their outbox events), where persisting them as entities one by one costs
 * more than the database does. The entities' columns are their mapped fields: the {@link Column}
 * name, else the field's name in snake case; a column the entity does not map (an identity, a
 * default) is left to the table. The rows are not entities of the session afterwards; the session's
 * pending changes are flushed first, so what was written before stays before.
 * {@link #insertTogether} writes rows of several classes in one statement (a ticket opened with its
 * first transition, SLA targets and event).
 *
 * <p>Column arrays rather than one JSON document of the rows (as it was before): no JSON is written
 * here nor parsed there (an e-mail's HTML went through both), and PostgreSQL reads each value once,
 * by its column's type.
 */
public final class Rows {

    /** A mapped field, its column, and the SQL type its text is cast to ({@code null}: text as it is). */
    private record Mapped(Field field, String name, String cast) {
    }

    private record Shape(String table, List<Mapped> columns) {
    }

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    /** The SQL type of each Java type a mapped field may have; a field of any other type is refused. */
    private static final Map<Class<?>, String> CASTS = Map.ofEntries(Map.entry(UUID.class, "uuid"),
            Map.entry(Integer.class, "integer"), Map.entry(int.class, "integer"), Map.entry(Long.class, "bigint"),
            Map.entry(long.class, "bigint"), Map.entry(Short.class, "smallint"), Map.entry(short.class, "smallint"),
            Map.entry(BigDecimal.class, "numeric"), Map.entry(Boolean.class, "boolean"), Map.entry(boolean.class, "boolean"),
            Map.entry(Instant.class, "timestamptz"), Map.entry(LocalDate.class, "date"), Map.entry(LocalTime.class, "time"));

    private Rows() {
    }

    public static <T> Uni<Void> insertAll(Mutiny.Session session, List<T> rows) {
        return insertTogether(session, List.of(rows));
    }

    /**
     * New rows of several entity classes written with one statement: a data-modifying {@code WITH}
     * per list, in the lists' order (empty ones left out), each list as {@link #insertAll} writes it.
     * The statement's foreign keys are checked when it ends, so a list may hold rows that refer to
     * rows of an earlier one (a ticket, then its first transition): one round trip for all of them.
     */
    public static Uni<Void> insertTogether(Mutiny.Session session, List<? extends List<?>> tables) {
        List<? extends List<?>> written = tables.stream().filter(rows -> !rows.isEmpty()).toList();
        if (written.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder();
        Map<String, String[]> values = new LinkedHashMap<>();
        for (int i = 0; i < written.size(); i++) {
            List<?> rows = written.get(i);
            Shape shape = SHAPES.computeIfAbsent(rows.getFirst().getClass(), Rows::shapeOf);
            String insert = insert(shape, "r" + i + "c");
            if (i < written.size() - 1) {
                sql.append(i == 0 ? "with " : ", ").append('r').append(i).append(" as (").append(insert).append(')');
            } else {
                sql.append(i == 0 ? "" : " ").append(insert);
            }
            String[][] columns = columns(shape, rows);
            for (int c = 0; c < columns.length; c++) {
                values.put("r" + i + "c" + c, columns[c]);
            }
        }
        String statement = sql.toString();
        // what the session holds flushed first, then the insert without a second auto-flush
        return AutoFlush.skipped(session, () -> {
            var insert = session.createNativeQuery(statement);
            values.forEach(insert::setParameter);
            return insert.executeUpdate();
        }).replaceWithVoid();
    }

    /**
     * {@code insert into t (a, b) select cast(x0 as uuid), x1 from unnest(cast(:p0 as text[]),
     * cast(:p1 as text[])) with ordinality as u (x0, x1, n) order by n}: the parameters' types are
     * text arrays whatever the columns' (the inner cast), each value cast to its column's type.
     */
    private static String insert(Shape shape, String parameter) {
        StringJoiner names = new StringJoiner(", ");
        StringJoiner selected = new StringJoiner(", ");
        StringJoiner arrays = new StringJoiner(", ");
        StringJoiner aliases = new StringJoiner(", ");
        for (int c = 0; c < shape.columns().size(); c++) {
            Mapped column = shape.columns().get(c);
            names.add(column.name());
            selected.add(column.cast() == null ? "x" + c : "cast(x" + c + " as " + column.cast() + ")");
            arrays.add("cast(:" + parameter + c + " as text[])");
            aliases.add("x" + c);
        }
        return "insert into " + shape.table() + " (" + names + ") select " + selected + " from unnest(" + arrays
                + ") with ordinality as u (" + aliases + ", n) order by n";
    }

    /** The rows' values column by column, each as the text its column's type reads exactly. */
    private static String[][] columns(Shape shape, List<?> rows) {
        Class<?> type = rows.getFirst().getClass();
        String[][] columns = new String[shape.columns().size()][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Object row = rows.get(r);
            if (row.getClass() != type) {
                throw new IllegalArgumentException("rows of " + row.getClass() + " among " + type);
            }
            for (int c = 0; c < columns.length; c++) {
                columns[c][r] = text(read(shape.columns().get(c).field(), row));
            }
        }
        return columns;
    }

    /** A value as its type's input function reads it: a number in plain notation, an instant in ISO-8601 UTC. */
    private static String text(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case BigDecimal n -> n.toPlainString();
            case Enum<?> e -> e.name();
            default -> value.toString(); // UUID, the integers, Boolean, Instant, LocalDate, LocalTime
        };
    }

    private static Object read(Field field, Object row) {
        try {
            return field.get(row);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("unreadable column " + field, e);
        }
    }

    private static Shape shapeOf(Class<?> type) {
        Table table = type.getAnnotation(Table.class);
        if (table == null || table.name().isEmpty()) {
            throw new IllegalArgumentException(type + " names no table");
        }
        List<Mapped> columns = new ArrayList<>();
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
            Class<?> javaType = field.getType();
            if (javaType.isEnum() && (!field.isAnnotationPresent(Enumerated.class)
                    || field.getAnnotation(Enumerated.class).value() != jakarta.persistence.EnumType.STRING)) {
                throw new IllegalArgumentException(field + " is not stored by name");
            }
            if (javaType != String.class && !javaType.isEnum() && !CASTS.containsKey(javaType)) {
                throw new IllegalArgumentException(field + " is of a type Rows does not write: " + javaType.getName());
            }
            Column column = field.getAnnotation(Column.class);
            columns.add(new Mapped(field, column != null && !column.name().isEmpty() ? column.name() : snakeCase(field.getName()),
                    CASTS.get(javaType)));
        }
        return new Shape(table.name(), List.copyOf(columns));
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
