package dev.hushcall.signaling.turn;

import java.util.List;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.stereotype.Component;

/**
 * Leaves the TURN probe out of {@code /actuator/health}: Spring Boot counts every contributor in the default
 * status, so a failing coturn turned it 503, and anything that checks the default path (a load balancer, an uptime
 * monitor) would pull every node out of service for a relay that only some calls need (issue 17). The probe is
 * served by its own group, {@code /actuator/health/turn}.
 */
@Component
class TurnOutsideDefaultHealth implements HealthEndpointGroupsPostProcessor {

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        return new WithoutTurn(groups);
    }

    /** The groups as configured, the default one without the TURN probe. */
    private record WithoutTurn(HealthEndpointGroups groups) implements HealthEndpointGroups, AdditionalPathsMapper {

        @Override
        public HealthEndpointGroup getPrimary() {
            return new PrimaryWithoutTurn(groups.getPrimary());
        }

        @Override
        public Set<String> getNames() {
            return groups.getNames();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            return groups.get(name);
        }

        @Override
        public HealthEndpointGroup get(AdditionalHealthEndpointPath path) {
            return groups.get(path);
        }

        /** /livez and /readyz on the main port are the delegate's additional paths; keep them. */
        @Override
        public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace namespace) {
            return groups instanceof AdditionalPathsMapper mapper
                    ? mapper.getAdditionalPaths(endpointId, namespace) : List.of();
        }
    }

    private record PrimaryWithoutTurn(HealthEndpointGroup primary) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return !TurnProbeHealthIndicator.NAME.equals(name) && primary.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return primary.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return primary.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return primary.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return primary.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return primary.getAdditionalPath();
        }
    }
}
