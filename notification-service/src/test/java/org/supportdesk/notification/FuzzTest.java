package org.supportdesk.notification;

import io.quarkus.test.junit.QuarkusTest;
import org.supportdesk.platform.testing.FuzzContract;

@QuarkusTest
class FuzzTest extends FuzzContract {
}
