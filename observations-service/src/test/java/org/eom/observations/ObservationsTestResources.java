package org.eom.observations;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.eom.deploy.infra.InfraTestResource;

/** Every test of this service runs against real PostgreSQL and Kafka, and the OIDC test server. */
@QuarkusTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "observations"))
@QuarkusTestResource(OidcWiremockTestResource.class)
public class ObservationsTestResources {
}
