package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.signaling.config.Secret;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

class TurnPropertiesTest {

    static final ValidatorFactory factory = Validation.buildDefaultValidatorFactory();
    static final Validator validator = factory.getValidator();
    static final Secret SECRET = new Secret("0123456789abcdef0123456789abcdef");
    static final List<URI> URIS = List.of(URI.create("turns:turn.example.com:443?transport=tcp"));

    @AfterAll
    static void close() {
        factory.close();
    }

    static Set<String> violations(TurnProperties properties) {
        return validator.validate(properties).stream().map(ConstraintViolation::getMessage)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aSecretTheSizeOfAnHmacKeyAndSixHoursAreValid() {
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofHours(6), URIS, null))).isEmpty();
    }

    @Test
    void noSecretsAtAllIsValidBecauseTheEmbeddedDefaultMakesARandomOne() {
        assertThat(violations(new TurnProperties(null, Duration.ofHours(6), URIS, null))).isEmpty();
    }

    @Test
    void aTtlUnderTenMinutesOrOverADayIsRefused() {
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofMinutes(5), URIS, null)))
                .singleElement().asString().contains("hushcall.turn.ttl");
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofDays(2), URIS, null)))
                .singleElement().asString().contains("hushcall.turn.ttl");
    }

    @Test
    void aShortSecretOrUserIdKeyIsRefusedBecauseEveryClientCanAttackItOffline() {
        Secret shortOne = new Secret("too-short");

        assertThat(violations(new TurnProperties(List.of(SECRET, shortOne), Duration.ofHours(6), URIS, null)))
                .singleElement().asString().contains("hushcall.turn.secrets");
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofHours(6), URIS, shortOne)))
                .singleElement().asString().contains("hushcall.turn.user-id-key");
    }

    @Test
    void urisMustBeTurnOrTurnsAndAnEmptyListMeansNoTurnServer() {
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofHours(6),
                List.of(URI.create("stun:stun.example.com:3478")), null)))
                .singleElement().asString().contains("turn: or turns:");
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofHours(6), List.of(), null))).isEmpty();
    }

    /** Binds hushcall.turn.uris from YAML files, the first taking precedence, as Spring Boot layers config files. */
    static List<URI> boundUris(Resource... files) throws java.io.IOException {
        StandardEnvironment environment = new StandardEnvironment();
        for (Resource file : files) {
            for (var source : new YamlPropertySourceLoader().load(file.getDescription(), file)) {
                environment.getPropertySources().addLast(source);
            }
        }
        return Binder.get(environment).bind("hushcall.turn.uris", Bindable.listOf(URI.class)).orElse(null);
    }

    /** What the Helm chart renders when it knows no TURN host: the jar's turn:localhost defaults must not survive. */
    @Test
    void anEmptyUriListInALaterConfigFileReplacesTheLocalhostDefaults() throws Exception {
        Resource jar = new ClassPathResource("application.yml");
        Resource chart = new ByteArrayResource("hushcall:\n  turn:\n    uris: []\n".getBytes(), "chart");

        assertThat(boundUris(jar)).as("the development default").hasSize(3);
        assertThat(boundUris(chart, jar)).isEmpty();
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofHours(6), boundUris(chart, jar), null)))
                .isEmpty();
    }

    @Test
    void theFirstSecretIsTheOneThatSigns() {
        Secret older = new Secret("fedcba9876543210fedcba9876543210");

        assertThat(new TurnProperties(List.of(SECRET, older), Duration.ofHours(6), URIS, null).signingSecret())
                .isSameAs(SECRET);
    }

    @Test
    void aRegionGetsItsOwnUrisAndAnUnknownOrMissingRegionTheDefaultOnes() {
        List<URI> eu = List.of(URI.create("turn:eu.example.com:3478?transport=udp"));
        TurnProperties properties = new TurnProperties(List.of(SECRET), Duration.ofHours(6), URIS, null,
                java.util.Map.of("eu", eu), null);

        assertThat(violations(properties)).isEmpty();
        assertThat(properties.urisFor("eu")).isEqualTo(eu);
        assertThat(properties.urisFor("mars")).isEqualTo(URIS);
        assertThat(properties.urisFor(null)).isEqualTo(URIS);
    }

    @Test
    void aRegionMustHaveATidyNameAndTurnUris() {
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofHours(6), URIS, null,
                java.util.Map.of("EU West", URIS), null))).singleElement().asString().contains("regions");
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofHours(6), URIS, null,
                java.util.Map.of("eu", List.of()), null))).singleElement().asString().contains("regions");
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofHours(6), URIS, null,
                java.util.Map.of("eu", List.of(URI.create("stun:eu.example.com"))), null)))
                .singleElement().asString().contains("turn: or turns:");
    }

    @Test
    void theProbeDefaultsToEveryThirtySecondsWithAFiveSecondTimeoutAndRefusesATightLoop() {
        TurnProperties defaults = new TurnProperties(List.of(SECRET), Duration.ofHours(6), URIS, null);

        assertThat(defaults.probe()).isEqualTo(new TurnProperties.Probe(true, Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
        assertThat(violations(new TurnProperties(List.of(SECRET), Duration.ofHours(6), URIS, null, java.util.Map.of(),
                new TurnProperties.Probe(true, Duration.ofMillis(10), Duration.ofSeconds(5)))))
                .singleElement().asString().contains("hushcall.turn.probe");
    }
}
