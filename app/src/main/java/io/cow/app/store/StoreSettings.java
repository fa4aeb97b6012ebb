package io.cow.app.store;

import io.cow.core.config.Setting;
import io.cow.core.config.SettingType;
import io.cow.core.config.SettingTypes;

import java.util.List;

/** The {@code store.*} settings that say where the store is: a SQLite file (the default) or a PostgreSQL server. */
public final class StoreSettings {

    private StoreSettings() {
    }

    public static final Setting<String> URL = Setting.of("store.url", location(), StoreLocation.DEFAULT_URL,
            "where the bot keeps its data: sqlite:<file> (relative to the data folder; the default sqlite:cow.db) or "
                    + "postgresql://host:port/database for a PostgreSQL server that several workers share")
            .withEnv("COW_STORE_URL");

    public static final Setting<String> USER = Setting.of("store.user", SettingTypes.string(), "",
            "PostgreSQL user name (also possible in the URL as postgresql://user@host/database)")
            .withEnv("COW_STORE_USER");

    public static final Setting<String> PASSWORD = Setting.of("store.password", SettingTypes.string(), "",
            "PostgreSQL password; never shown or logged")
            .withEnv("COW_STORE_PASSWORD").asSecret();

    public static final Setting<Integer> POOL_SIZE = Setting.of("store.poolSize", SettingTypes.integer(1, 100), 4,
            "PostgreSQL: most connections one bot process opens (its writes are short; a few serve many accounts)");

    /** Every setting above, in the order check-config prints them. */
    public static List<Setting<?>> all() {
        return List.of(URL, USER, PASSWORD, POOL_SIZE);
    }

    private static SettingType<String> location() {
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String url = String.valueOf(raw).strip();
                StoreUrl.parse(url, null, "", "");
                return url;
            }

            @Override
            public String allowed() {
                return "sqlite:<file> or postgresql://host[:port]/database";
            }

            @Override
            public String format(String value) {
                return StoreUrl.withoutPassword(value);
            }
        };
    }
}
