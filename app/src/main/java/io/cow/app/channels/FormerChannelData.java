package io.cow.app.channels;

import io.cow.app.store.SqliteStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hands the data of a former single channel to the instance that now plays its part. A bot that ran {@code channel:
 * web} kept its login, conversations and usage under the name {@code web}; when its configuration becomes a
 * {@code channels:} list with one web instance named otherwise ({@code groups}), that instance takes them over, so
 * no new QR scan is needed and no memory is lost. With two instances of the type, nothing moves: which account the
 * data belongs to cannot be known (the instance named like the type keeps it).
 */
public final class FormerChannelData {

    private static final Logger log = LoggerFactory.getLogger(FormerChannelData.class);
    /** The terminal keeps no login; its conversations belong to {@code cow chat}, which always uses this name. */
    private static final String TERMINAL = "terminal";

    private FormerChannelData() {
    }

    public static void adopt(SqliteStore store, List<InstanceConfig> instances) {
        Map<String, List<InstanceConfig>> byType = instances.stream().collect(Collectors.groupingBy(InstanceConfig::type));
        for (Map.Entry<String, List<InstanceConfig>> e : byType.entrySet()) {
            String type = e.getKey();
            List<InstanceConfig> ofType = e.getValue();
            boolean typeNameTaken = instances.stream().anyMatch(i -> i.name().equals(type));
            if (type.equals(TERMINAL) || typeNameTaken || ofType.size() != 1) {
                continue;
            }
            String name = ofType.get(0).name();
            if (store.renameChannel(type, name)) {
                log.info("🔁 Channel instance {} takes over the login, conversations and usage the bot kept for its former single {} channel",
                        name, type);
            }
        }
    }
}
