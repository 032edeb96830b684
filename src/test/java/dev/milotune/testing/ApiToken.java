package dev.milotune.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Every REST call a Quarkus test makes with RestAssured carries the test profile's admin token
 * ({@code %test.milotune.auth.admin-token}), as a client of the service would, unless the test
 * sets an {@code Authorization} header itself (tests of access send other tokens, or an empty
 * one). Registered as a Quarkus test callback, so it runs in the class loader the tests run in.
 */
public class ApiToken implements QuarkusTestBeforeEachCallback {

    /** The test profile's admin token. */
    public static final String ADMIN = "test-admin-token-0123456789abcdef0123456789";

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof AdminHeader)) {
            RestAssured.filters(new AdminHeader());
        }
    }

    private static final class AdminHeader implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + ADMIN);
            }
            return context.next(request, response);
        }
    }
}
