package dev.hushcall.signaling.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class KeysPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KeysProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaultsAllowEightDevicesAndOneHundredKeysPerUpload() {
        runner.run(context -> assertThat(context.getBean(KeysProperties.class))
                .isEqualTo(new KeysProperties(8, 100, 300, Duration.ofMinutes(2))));
    }

    @Test
    void moreDevicesThanAFrameHasPayloadsAreRefusedAtStartup() {
        runner.withPropertyValues("hushcall.keys.max-devices=17")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("maxDevices"));
    }

    @Test
    void storeSmallerThanOneUploadIsRefusedAtStartup() {
        runner.withPropertyValues("hushcall.keys.max-stored-pre-keys=50")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("max-stored-pre-keys must be at least"));
    }
}
