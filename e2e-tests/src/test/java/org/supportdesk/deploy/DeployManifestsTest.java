package org.supportdesk.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s rendered the way kustomize does it here (base resources, then each overlay's JSON 6902
 * patches and namespace), and checked against what the services really are: probes, limits and
 * non-root on every Deployment; images, ports and configuration keys the services read; egress outside
 * the cluster for notification-service only, never to a private address; topics as the event catalogue
 * has them; every REST path routed to the service that owns it and no other.
 */
class DeployManifestsTest {

    static final Path ROOT = Path.of("..");
    static final List<String> SERVICES = List.of("subscription-service", "ticket-service", "billing-service",
            "notification-service");

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(String overlay) throws IOException {
        Yaml yaml = new Yaml(new LoaderOptions());
        Path base = ROOT.resolve("deploy/k8s/base");
        Map<String, Object> baseKustomization = yaml.load(Files.readString(base.resolve("kustomization.yaml")));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object resource : (List<Object>) baseKustomization.get("resources")) {
            for (Object doc : yaml.loadAll(Files.readString(base.resolve((String) resource)))) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        if (overlay == null) {
            return docs;
        }
        Map<String, Object> k = yaml.load(Files.readString(ROOT.resolve("deploy/k8s/overlays/" + overlay + "/kustomization.yaml")));
        for (Object p : (List<Object>) k.getOrDefault("patches", List.of())) {
            Map<String, Object> patch = (Map<String, Object>) p;
            Map<String, Object> target = (Map<String, Object>) patch.get("target");
            List<Map<String, Object>> ops = yaml.load((String) patch.get("patch"));
            List<Map<String, Object>> matched = docs.stream().filter(d -> target.get("kind").equals(d.get("kind"))
                    && (target.get("name") == null || target.get("name").equals(metadata(d).get("name")))).toList();
            assertThat(matched).as("%s patch targets %s", overlay, target).isNotEmpty();
            for (Map<String, Object> doc : matched) {
                for (Map<String, Object> op : ops) {
                    apply(doc, (String) op.get("op"), (String) op.get("path"), op.get("value"));
                }
            }
        }
        String namespace = (String) k.get("namespace");
        docs.forEach(d -> metadata(d).put("namespace", namespace));
        return docs;
    }

    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> doc, String op, String path, Object value) {
        String[] parts = path.substring(1).split("/");
        Object node = doc;
        for (int i = 0; i < parts.length - 1; i++) {
            String key = parts[i].replace("~1", "/").replace("~0", "~");
            node = node instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<String, Object>) node).get(key);
            assertThat(node).as("path %s exists", path).isNotNull();
        }
        String last = parts[parts.length - 1].replace("~1", "/").replace("~0", "~");
        Map<String, Object> parent = (Map<String, Object>) node;
        switch (op) {
            case "replace" -> {
                assertThat(parent).as("replace %s", path).containsKey(last);
                parent.put(last, value);
            }
            case "add" -> parent.put(last, value);
            case "remove" -> parent.remove(last);
            default -> throw new IllegalArgumentException("unsupported op " + op);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("metadata");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String... path) {
        Object node = o;
        for (String p : path) {
            node = ((Map<String, Object>) node).get(p);
        }
        return (Map<String, Object>) node;
    }

    static List<Map<String, Object>> of(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /**
     * The cluster's realm, unlike the local one: TLS required, passwords guessed at slowed and locked a
     * while, and the public SPA client on the authorization code flow with PKCE, never the password grant.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theClustersRealmRequiresTlsLocksOutGuessingAndTakesNoPasswordGrant() throws IOException {
        for (String overlay : List.of("dev", "prod")) {
            Map<String, Object> realm = map(of(render(overlay), "KeycloakRealmImport").getFirst(), "spec", "realm");
            assertThat(realm.get("sslRequired")).as(overlay).isIn("external", "all");
            assertThat(realm.get("bruteForceProtected")).as(overlay).isEqualTo(true);
            for (Object c : (List<Object>) realm.get("clients")) {
                Map<String, Object> client = (Map<String, Object>) c;
                if (Boolean.TRUE.equals(client.get("publicClient"))) {
                    assertThat(client.get("directAccessGrantsEnabled")).as(overlay + " " + client.get("clientId"))
                            .isEqualTo(false);
                    assertThat(map(client, "attributes").get("pkce.code.challenge.method")).isEqualTo("S256");
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDeploymentHasProbesLimitsAndRunsAsNonRootReadOnly() throws IOException {
        for (String overlay : new String[] { null, "dev", "prod" }) {
            List<Map<String, Object>> deployments = of(render(overlay), "Deployment");
            assertThat(deployments).hasSize(SERVICES.size());
            for (Map<String, Object> d : deployments) {
                Map<String, Object> pod = map(d, "spec", "template", "spec");
                assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
                for (Object c : (List<Object>) pod.get("containers")) {
                    Map<String, Object> container = (Map<String, Object>) c;
                    String what = overlay + " " + metadata(d).get("name");
                    assertThat(container).as(what).containsKeys("startupProbe", "livenessProbe", "readinessProbe");
                    assertThat(map(container, "livenessProbe", "httpGet")).containsEntry("path", "/q/health/live");
                    assertThat(map(container, "readinessProbe", "httpGet")).containsEntry("path", "/q/health/ready");
                    assertThat(map(container, "resources", "limits")).as(what).containsKeys("cpu", "memory");
                    assertThat(map(container, "resources", "requests")).as(what).containsKeys("cpu", "memory");
                    assertThat(map(container, "securityContext")).as(what).containsEntry("readOnlyRootFilesystem", true)
                            .containsEntry("allowPrivilegeEscalation", false);
                }
            }
            assertThat(of(render(overlay), "Secret")).as("secrets are referenced, never committed").isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void imagesPortsAndConfigurationAreWhatTheServicesRead() throws IOException {
        String version = Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(ROOT.resolve("pom.xml")))
                .results().map(m -> m.group(1)).filter(v -> v.contains("SNAPSHOT") || v.matches("\\d+\\.\\d+\\.\\d+"))
                .findFirst().orElseThrow().replace("-SNAPSHOT", "");
        List<Map<String, Object>> docs = render("prod");
        for (String service : SERVICES) {
            Map<String, Object> deployment = of(docs, "Deployment").stream()
                    .filter(d -> service.equals(metadata(d).get("name"))).findFirst().orElseThrow();
            Map<String, Object> container = (Map<String, Object>) ((List<Object>) map(deployment, "spec", "template",
                    "spec").get("containers")).get(0);
            assertThat(container.get("image")).isEqualTo("ghcr.io/supportdesk/" + service + ":" + version);
            Map<String, Object> config = map(of(docs, "ConfigMap").stream()
                    .filter(c -> (service + "-config").equals(metadata(c).get("name"))).findFirst().orElseThrow(), "data");
            int port = (int) ((Map<String, Object>) ((List<Object>) container.get("ports")).get(0)).get("containerPort");
            assertThat(config.get("QUARKUS_HTTP_PORT")).isEqualTo(String.valueOf(port));
            Set<String> read = keysRead(service);
            for (String key : config.keySet()) {
                assertThat(read).as("%s reads %s", service, key).contains(key.toLowerCase().replace('_', '.'));
            }
            // the broker's TLS listener (Strimzi's cluster CA) is trusted: the CA's Secret mounted where the client reads it
            assertThat(config).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            String truststore = (String) config.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
            List<Map<String, Object>> mounts = (List<Map<String, Object>>) container.get("volumeMounts");
            Map<String, Object> mount = mounts.stream().filter(m -> truststore.startsWith(m.get("mountPath") + "/"))
                    .findFirst().orElseThrow(() -> new AssertionError(service + " mounts no " + truststore));
            Map<String, Object> volume = ((List<Map<String, Object>>) map(deployment, "spec", "template", "spec").get("volumes"))
                    .stream().filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
            assertThat(map(volume, "secret")).containsEntry("secretName", "supportdesk-cluster-ca-cert");
            for (Object e : (List<Object>) container.get("env")) {
                String key = (String) ((Map<String, Object>) e).get("name");
                assertThat(read).as("%s reads %s", service, key).contains(key.toLowerCase().replace('_', '.'));
            }
        }
    }

    /** The configuration keys a service reads: its application.properties, the platform's, and its mappings. */
    static Set<String> keysRead(String service) throws IOException {
        Set<String> keys = new HashSet<>();
        for (Path file : List.of(ROOT.resolve(service + "/src/main/resources/application.properties"),
                ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"))) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> keys.add(k.replace('-', '.')));
        }
        // read through @ConfigMapping (PlatformConfig) or by the Kafka client from kafka.* (SmallRye's global config)
        keys.addAll(List.of("supportdesk.zone", "kafka.security.protocol", "kafka.sasl.mechanism", "kafka.sasl.jaas.config",
                "kafka.ssl.truststore.type", "kafka.ssl.truststore.location",
                "quarkus.datasource.username", "quarkus.datasource.password"));
        if (service.equals("notification-service")) {
            // the relay's login and TLS, read by quarkus-mailer (its host, port and sender are in application.properties)
            keys.addAll(List.of("quarkus.mailer.username", "quarkus.mailer.password", "quarkus.mailer.start.tls",
                    "quarkus.mailer.login"));
        }
        return keys;
    }

    /**
     * R-N2: notification-service posts to the partners' endpoints and hands mail to the SMTP relay, both outside
     * the cluster: its egress reaches every public address and no private one, so a partner's URL cannot reach
     * into the cluster or the metadata service; the other services reach nothing outside.
     */
    @Test
    @SuppressWarnings("unchecked")
    void onlyNotificationServiceLeavesTheClusterAndNeverForAPrivateAddress() throws IOException {
        List<Map<String, Object>> docs = render("prod");
        for (String service : SERVICES) {
            Map<String, Object> policy = of(docs, "NetworkPolicy").stream()
                    .filter(p -> service.equals(metadata(p).get("name"))).findFirst().orElseThrow();
            List<Map<String, Object>> blocks = new ArrayList<>();
            for (Object rule : (List<Object>) map(policy, "spec").get("egress")) {
                for (Object peer : (List<Object>) ((Map<String, Object>) rule).get("to")) {
                    if (((Map<String, Object>) peer).get("ipBlock") != null) {
                        blocks.add(map(peer, "ipBlock"));
                    }
                }
            }
            if (!service.equals("notification-service")) {
                assertThat(blocks).as("%s egress outside the cluster", service).isEmpty();
                continue;
            }
            Map<String, List<String>> except = new LinkedHashMap<>();
            blocks.forEach(b -> except.put((String) b.get("cidr"), (List<String>) b.get("except")));
            assertThat(except).containsOnlyKeys("0.0.0.0/0", "::/0");
            assertThat(except.get("0.0.0.0/0")).contains("0.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                    "169.254.0.0/16", "127.0.0.0/8", "100.64.0.0/10");
            assertThat(except.get("::/0")).contains("fc00::/7", "fe80::/10", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48",
                    "::ffff:0:0/96");
        }
        Map<String, Object> config = map(of(docs, "ConfigMap").stream()
                .filter(c -> "notification-service-config".equals(metadata(c).get("name"))).findFirst().orElseThrow(), "data");
        assertThat(config).containsEntry("QUARKUS_MAILER_START_TLS", "REQUIRED").containsEntry("QUARKUS_MAILER_LOGIN", "REQUIRED");
        assertThat((String) config.get("QUARKUS_MAILER_HOST")).isNotBlank().isNotEqualTo("localhost");
    }

    @Test
    @SuppressWarnings("unchecked")
    void topicsAreTheEventCataloguesChannels() throws IOException {
        Map<String, Object> catalogue = new Yaml().load(Files.readString(ROOT.resolve("docs/events/asyncapi.yaml")));
        Set<String> channels = new HashSet<>(((Map<String, Object>) catalogue.get("channels")).keySet());
        Set<String> topics = new HashSet<>();
        of(render("prod"), "KafkaTopic").forEach(t -> topics.add((String) map(t, "spec").get("topicName")));
        assertThat(topics).isEqualTo(channels);
        for (Map<String, Object> t : of(render("prod"), "KafkaTopic")) {
            assertThat(map(t, "spec")).containsEntry("replicas", 3);
            assertThat(map(t, "spec", "config")).containsEntry("min.insync.replicas", 2);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPathOfEveryServiceIsRoutedToItsOwnerAndNoOther() throws IOException {
        Map<String, Object> route = of(render("prod"), "HTTPRoute").getFirst();
        Map<Pattern, String> rules = new LinkedHashMap<>();
        for (Object r : (List<Object>) map(route, "spec").get("rules")) {
            Map<String, Object> rule = (Map<String, Object>) r;
            String backend = (String) ((Map<String, Object>) ((List<Object>) rule.get("backendRefs")).get(0)).get("name");
            for (Object m : (List<Object>) rule.get("matches")) {
                rules.put(Pattern.compile((String) map(m, "path").get("value")), backend);
            }
        }
        Map<String, String> ingress = new LinkedHashMap<>();
        for (Object p : (List<Object>) map(((List<Object>) map(of(render("prod"), "Ingress").getFirst(), "spec")
                .get("rules")).get(0), "http").get("paths")) {
            Map<String, Object> path = (Map<String, Object>) p;
            ingress.put((String) path.get("path"), (String) map(path, "backend", "service").get("name"));
        }
        int checked = 0;
        for (String service : SERVICES) {
            for (String path : paths(service)) {
                String concrete = path.replaceAll("\\{[^}]+}", "0b6f3f7e-1111-4222-8333-944455556666");
                List<String> owners = rules.entrySet().stream().filter(e -> e.getKey().matcher(concrete).matches())
                        .map(Map.Entry::getValue).distinct().toList();
                assertThat(owners).as("%s %s", service, path).containsExactly(service);
                List<String> ingressOwners = ingress.entrySet().stream()
                        .filter(e -> concrete.matches(e.getKey())).map(Map.Entry::getValue).distinct().toList();
                assertThat(ingressOwners).as("ingress %s %s", service, path).containsExactly(service);
                checked++;
            }
        }
        assertThat(checked).as("paths found in the sources").isGreaterThan(50);
        // the platform's clock (adjustable in the local stack only) is never routed to the public
        assertThat(rules.keySet()).noneMatch(p -> p.matcher("/api/v1/clock/advance").matches());
        assertThat(ingress.keySet()).noneMatch(p -> "/api/v1/clock/advance".matches(p));
    }

    /** The full REST paths of a service: each resource class's @Path joined with its methods' @Path. */
    static List<String> paths(String service) throws IOException {
        Pattern pathAnnotation = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve(service + "/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                int classAt = source.indexOf("public class ");
                if (classAt < 0) {
                    continue;
                }
                Matcher classPath = pathAnnotation.matcher(source.substring(0, classAt));
                String base = null;
                while (classPath.find()) {
                    base = classPath.group(1);
                }
                if (base == null) {
                    continue;
                }
                Matcher methods = pathAnnotation.matcher(source.substring(classAt));
                boolean any = false;
                while (methods.find()) {
                    all.add(base + methods.group(1));
                    any = true;
                }
                if (!any || source.substring(classAt).matches("(?s).*@(GET|POST|PUT|DELETE)\\s+(@RolesAllowed|@WithSession|@WithTransaction|public).*")) {
                    all.add(base);
                }
            }
        }
        return all.stream().filter(p -> p.startsWith("/api/")).distinct().toList();
    }
}
