package org.supportdesk.notification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.supportdesk.platform.testing.KafkaResource;
import org.supportdesk.platform.testing.PostgresResource;

/** Real PostgreSQL, Kafka and token issuer for every {@code @QuarkusTest} of this service. */
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(SmtpResource.class)
class TestInfrastructure {
}
