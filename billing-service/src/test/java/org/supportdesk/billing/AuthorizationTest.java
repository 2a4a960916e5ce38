package org.supportdesk.billing;

import io.quarkus.test.junit.QuarkusTest;
import org.supportdesk.platform.testing.AuthorizationContract;

@QuarkusTest
class AuthorizationTest extends AuthorizationContract {
}
