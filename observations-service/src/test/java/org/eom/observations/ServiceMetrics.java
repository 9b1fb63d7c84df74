package org.eom.observations;

import static io.restassured.RestAssured.given;

/** The service's own metrics, as Prometheus reads them from /q/metrics. */
final class ServiceMetrics {

    private ServiceMetrics() {
    }

    /** A gauge's value, summed over its series. */
    static long gauge(String name) {
        return sum(name, "");
    }

    /** The sum of a metric's series whose labels contain {@code labels} (every series when it is empty). */
    static long sum(String name, String labels) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> line.contains(labels))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
