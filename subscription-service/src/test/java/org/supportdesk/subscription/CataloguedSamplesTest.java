package org.supportdesk.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.subscription.closure.ClosureEvents;
import org.supportdesk.subscription.freeze.FreezeEvents;

/** The samples consumers test against are what this service's serializer writes (architecture: Events). */
@QuarkusTest
class CataloguedSamplesTest {

    @Inject
    ObjectMapper json;

    void writesTheSample(String type, Class<?> event) throws Exception {
        JsonNode sample = CataloguedEvents.sample(type);
        Object read = json.treeToValue(sample, event);
        assertThat(json.readTree(json.writeValueAsString(read))).as(type).isEqualTo(sample);
    }

    @Test
    void freezeAndClosureEventsMatchTheirSamples() throws Exception {
        writesTheSample(FreezeEvents.FROZEN, FreezeEvents.AccountFrozen.class);
        writesTheSample(FreezeEvents.UNFROZEN, FreezeEvents.AccountUnfrozen.class);
        writesTheSample(ClosureEvents.CLOSED, ClosureEvents.AccountClosed.class);
    }
}
