package dev.hushcall.signaling.store.memory;

import dev.hushcall.signaling.keys.KeyStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import dev.hushcall.signaling.store.StoreSelection;

/** The embedded default's key directory; steps aside when another backend (Redis) provides a {@link KeyStore}. */
@Configuration(proxyBeanMethods = false)
@Conditional(StoreSelection.UsesMemory.class)
class MemoryKeyStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KeyStore memoryKeyStore() {
        return new MemoryKeyStore();
    }
}
