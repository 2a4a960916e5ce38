package org.supportdesk.platform.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every operation of the running service's own OpenAPI document, with what it declares. */
public record OpenApiOperations(JsonNode document, List<Operation> operations) {

    /**
     * @param roles the roles its security requirement names; empty for an operation open to anyone
     * @param body  the schema of its JSON request body, or null
     */
    public record Operation(String method, String path, List<String> roles, JsonNode parameters, JsonNode body,
            List<String> produces) {

        /** A server-sent event stream: its answer never ends. */
        public boolean streams() {
            return produces.contains("text/event-stream");
        }

        public boolean secured() {
            return !roles.isEmpty();
        }

        /** The path with each parameter filled: a random UUID for a uuid, 1 for a number, "x" otherwise. */
        public String concretePath(Map<String, String> given) {
            String result = path;
            for (JsonNode p : parameters) {
                if (!"path".equals(p.path("in").asText())) {
                    continue;
                }
                String name = p.path("name").asText();
                String type = p.path("schema").path("type").asText();
                String format = p.path("schema").path("format").asText();
                String value = given.containsKey(name) ? given.get(name)
                        : "uuid".equals(format) ? UUID.randomUUID().toString()
                        : "integer".equals(type) || "number".equals(type) ? "1" : "x";
                result = result.replace("{" + name + "}", value);
            }
            return result.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public static OpenApiOperations read() {
        try {
            JsonNode doc = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                    .extract().asString());
            List<Operation> operations = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (op.getKey().equals("parameters")) {
                        continue;
                    }
                    List<String> roles = new ArrayList<>();
                    op.getValue().path("security").forEach(req -> req.fields()
                            .forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
                    JsonNode params = mergeParameters(path.getValue().path("parameters"), op.getValue().path("parameters"));
                    JsonNode body = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
                    List<String> produces = new ArrayList<>();
                    op.getValue().path("responses").forEach(r -> r.path("content").fieldNames().forEachRemaining(produces::add));
                    operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), roles, params,
                            body.isMissingNode() ? null : body, produces));
                }
            }
            return new OpenApiOperations(doc, operations);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the OpenAPI document is not JSON", e);
        }
    }

    private static JsonNode mergeParameters(JsonNode shared, JsonNode own) {
        var all = new ObjectMapper().createArrayNode();
        shared.forEach(all::add);
        own.forEach(all::add);
        return all;
    }

    /** A schema with its {@code $ref} resolved against the document's components. */
    public JsonNode resolve(JsonNode schema) {
        int depth = 0;
        while (schema != null && schema.has("$ref") && depth++ < 20) {
            String ref = schema.get("$ref").asText();
            schema = document.at(ref.substring(1));
        }
        return schema;
    }
}
