package org.supportdesk.platform.problem;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the query parameter whose value a resource method cannot take, so a conversion failure can be
 * answered as bad input naming it. Only used on the error path.
 */
final class QueryParameters {

    private static final Map<Class<?>, Class<?>> BOXED = Map.of(int.class, Integer.class, long.class, Long.class,
            boolean.class, Boolean.class, short.class, Short.class, double.class, Double.class, float.class, Float.class);

    private QueryParameters() {
    }

    static Optional<String> unconvertible(Method method, MultivaluedMap<String, String> query) {
        if (method == null) {
            return Optional.empty();
        }
        for (Parameter parameter : method.getParameters()) {
            QueryParam name = parameter.getAnnotation(QueryParam.class);
            if (name == null || !query.containsKey(name.value()) || parameter.getType() == String.class) {
                continue;
            }
            Class<?> type = BOXED.getOrDefault(parameter.getType(), parameter.getType());
            List<String> values = query.get(name.value());
            if (values.stream().anyMatch(value -> !converts(type, value))) {
                return Optional.of(name.value());
            }
        }
        return Optional.empty();
    }

    private static boolean converts(Class<?> type, String value) {
        try {
            if (type == UUID.class) {
                UUID.fromString(value);
                return true;
            }
            if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(value)) {
                        return true;
                    }
                }
                return false;
            }
            for (String factory : List.of("valueOf", "fromString", "parse")) {
                for (Method m : type.getMethods()) {
                    if (m.getName().equals(factory) && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
                            && m.getParameterTypes()[0].isAssignableFrom(String.class)) {
                        m.invoke(null, value);
                        return true;
                    }
                }
            }
            return true; // a type we cannot check: not ours to blame
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
