package org.acmedelegate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.acmedelegate.store.AccountStore;
import org.junit.jupiter.api.Test;

class MeteredAccountStoreTest {

    // A default method left to the interface would bypass the wrapped store's own implementation
    // (scanChallenges did: the start-up read the whole store into a map instead of streaming it).
    @Test
    void overridesEveryStoreMethodSoNoInterfaceDefaultHidesTheWrappedStore() {
        List<String> inherited = Arrays.stream(AccountStore.class.getMethods())
                .filter(m -> !m.isSynthetic() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
                .filter(m -> declaredBy(m) != MeteredAccountStore.class)
                .map(Method::getName)
                .toList();
        assertThat(inherited).isEmpty();
    }

    private static Class<?> declaredBy(Method m) {
        try {
            return MeteredAccountStore.class
                    .getMethod(m.getName(), m.getParameterTypes())
                    .getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
