package org.acmedelegate;

import java.security.SecureRandom;
import java.time.Clock;
import org.acmedelegate.config.ServerConfig;
import org.acmedelegate.secrets.SecretBox;
import org.acmedelegate.secrets.SecretsKeyFile;
import org.acmedelegate.service.TsigKeys;
import org.acmedelegate.store.TsigKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the per-registration TSIG keys at start: the secrets key file (made if absent), then every stored key. */
final class TsigSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TsigSetup.class);

    private TsigSetup() {
    }

    static TsigKeys keys(ServerConfig config, TsigKeyStore store, Clock clock) {
        SecureRandom random = new SecureRandom();
        SecretBox box = SecretsKeyFile.loadOrCreate(config.store().secretsKeyFile(), random);
        TsigKeys keys = new TsigKeys(store, box, config.dns().zone(), random, clock);
        keys.load();
        if (keys.size() > 0) {
            LOG.info("{} TSIG keys loaded for RFC 2136 updates", keys.size());
        }
        return keys;
    }
}
