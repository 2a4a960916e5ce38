package org.supportdesk.platform.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A fuzz run of every POST, PUT and PATCH of a service's OpenAPI document: a body built from the
 * operation's schema, then each of its fields replaced by a wrong type, a boundary value or awkward
 * unicode, then bodies that are not the object at all (not JSON, an array, deep nesting, a huge
 * body). Never a 5xx; a refused request leaves no event in the outbox (no partial state). Each
 * service runs it against itself: {@code @QuarkusTest class FuzzTest extends FuzzContract}.
 */
public abstract class FuzzContract {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Values that are wrong for some field, whatever its type. */
    static List<JsonNode> mutants() {
        List<JsonNode> values = new ArrayList<>();
        values.add(NODES.nullNode());
        values.add(NODES.textNode(""));
        values.add(NODES.textNode("x".repeat(100_000)));
        values.add(NODES.textNode("\u0000nul"));
        values.add(NODES.textNode("🙂 עברית ‮ e\u0301 \uFEFF"));
        values.add(NODES.textNode("not-a-uuid-or-date"));
        values.add(NODES.textNode("2026-02-30T25:61:00Z"));
        values.add(NODES.textNode("-5000-01-01T00:00:00Z")); // instants and days PostgreSQL cannot hold
        values.add(NODES.textNode("+1000000000-12-31T23:59:59Z"));
        values.add(NODES.textNode("-5000-01-01"));
        values.add(NODES.numberNode(-1));
        values.add(NODES.numberNode(0));
        values.add(NODES.numberNode(new java.math.BigInteger("99999999999999999999999999999999")));
        values.add(NODES.numberNode(new java.math.BigDecimal("1e400")));
        values.add(NODES.numberNode(0.000000001));
        values.add(NODES.booleanNode(true));
        values.add(NODES.arrayNode().add(1).add("two"));
        values.add(NODES.arrayNode().addNull()); // a list whose element is missing
        values.add(NODES.objectNode().put("nested", "object"));
        return values;
    }

    /** Whole bodies that are not the object the operation reads. */
    static List<String> wrongBodies() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        return List.of("", "null", "[]", "\"text\"", "42", "not json", "{", "{\"a\":", deep,
                "{\"x\":\"" + "y".repeat(3_000_000) + "\"}", "{\"dup\":1,\"dup\":2}");
    }

    @Test
    void noBodyMakesAnyPostPutOrPatchAnswer5xxOrLeavePartialState() {
        OpenApiOperations api = OpenApiOperations.read();
        List<OpenApiOperations.Operation> writes = api.operations().stream()
                .filter(op -> Set.of("POST", "PUT", "PATCH").contains(op.method())).toList();
        assertThat(writes).isNotEmpty();
        String token = Tokens.token("fuzzer-" + UUID.randomUUID(), Set.copyOf(AuthorizationContract.ROLES),
                Map.of("account_id", UUID.randomUUID().toString(), "partner_id", UUID.randomUUID().toString(),
                        "tier", "1"));
        Random random = new Random(8);
        List<String> wrong = new ArrayList<>();
        int requests = 0;
        for (OpenApiOperations.Operation op : writes) {
            String path = op.concretePath(Map.of());
            Map<String, String> bodies = new LinkedHashMap<>();
            if (op.body() != null) {
                ObjectNode plausible = plausible(api, api.resolve(op.body()), random);
                bodies.put("plausible", plausible.toString());
                for (Iterator<String> fields = plausible.fieldNames(); fields.hasNext();) {
                    String field = fields.next();
                    for (JsonNode mutant : mutants()) {
                        ObjectNode body = plausible.deepCopy();
                        body.set(field, mutant);
                        bodies.put(field + "=" + abbreviated(mutant), body.toString());
                    }
                }
            }
            for (String body : wrongBodies()) {
                bodies.put("body " + abbreviated(NODES.textNode(body)), body);
            }
            for (Map.Entry<String, String> body : bodies.entrySet()) {
                long eventsBefore = outboxEvents();
                int status = given().auth().oauth2(token).contentType("application/json").body(body.getValue())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .request(op.method(), path).statusCode();
                requests++;
                if (status >= 500) {
                    wrong.add(op + " with " + body.getKey() + ": " + status);
                } else if (status >= 400 && outboxEvents() != eventsBefore) {
                    wrong.add(op + " with " + body.getKey() + ": refused (" + status + ") yet an event was written");
                }
            }
        }
        assertThat(wrong).as("of %d requests", requests).isEmpty();
    }

    private static long outboxEvents() {
        return Sql.count("select count(*) from outbox_event");
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text;
    }

    /** An instance of the schema that a lenient reader would take: each field a value of its type. */
    static ObjectNode plausible(OpenApiOperations api, JsonNode schema, Random random) {
        ObjectNode body = NODES.objectNode();
        if (schema == null) {
            return body;
        }
        for (Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields(); props.hasNext();) {
            Map.Entry<String, JsonNode> prop = props.next();
            body.set(prop.getKey(), value(api, api.resolve(prop.getValue()), random, 0));
        }
        return body;
    }

    private static JsonNode value(OpenApiOperations api, JsonNode schema, Random random, int depth) {
        if (schema == null || depth > 4) {
            return NODES.nullNode();
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        if (schema.has("allOf") || schema.has("oneOf") || schema.has("anyOf")) {
            JsonNode first = schema.has("allOf") ? schema.get("allOf").get(0)
                    : schema.has("oneOf") ? schema.get("oneOf").get(0) : schema.get("anyOf").get(0);
            return value(api, api.resolve(first), random, depth + 1);
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText();
        String format = schema.path("format").asText();
        return switch (type) {
            case "integer" -> NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() : 1 + random.nextInt(9));
            case "number" -> NODES.numberNode(new java.math.BigDecimal("12.50"));
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(value(api, api.resolve(schema.path("items")), random, depth + 1));
                yield array;
            }
            case "object" -> {
                ObjectNode nested = NODES.objectNode();
                schema.path("properties").fields().forEachRemaining(p -> nested.set(p.getKey(),
                        value(api, api.resolve(p.getValue()), random, depth + 1)));
                yield nested;
            }
            default -> switch (format) {
                case "uuid" -> NODES.textNode(UUID.randomUUID().toString());
                case "date" -> NODES.textNode("2026-11-15");
                case "date-time" -> NODES.textNode("2026-11-15T10:00:00Z");
                case "email" -> NODES.textNode("fuzz@example.com");
                default -> NODES.textNode(schema.has("pattern") ? "x" : "fuzz " + random.nextInt(1000));
            };
        };
    }
}
