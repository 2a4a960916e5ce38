package org.supportdesk.subscription;

import io.quarkus.test.junit.QuarkusTest;
import org.supportdesk.platform.testing.OperationsContract;

@QuarkusTest
class OperationsTest extends OperationsContract {

    @Override
    protected String anApiPath() {
        return "/api/v1/accounts/{id}";
    }
}
