package io.cow.app.store;

import io.cow.app.Startup;
import io.cow.core.config.ConfigException;
import io.cow.core.secret.Secrets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreLocationTest {

    private final Path data = Path.of("/srv/cow/data");

    private StoreLocation location(String url, String user, String password) {
        Startup startup = Startup.load(null, Map.of(), Map.of("store.url", url, "store.user", user, "store.password", password));
        return StoreLocation.from(startup.settings(), data);
    }

    @Test
    void theDefaultIsCowDbInTheDataFolderAndRelativeFilesAreThereToo() {
        assertThat(location("", "", "")).isEqualTo(new StoreLocation.SqliteFile(data.resolve("cow.db")));
        assertThat(location("sqlite:other/bot.db", "", "")).isEqualTo(new StoreLocation.SqliteFile(data.resolve("other/bot.db")));
        assertThat(location("sqlite:/var/lib/cow.db", "", "")).isEqualTo(new StoreLocation.SqliteFile(Path.of("/var/lib/cow.db")));
    }

    @Test
    void aPostgresUrlBecomesTheDriversWithUserAndPasswordFromTheSettings() {
        StoreLocation.PostgresServer server = (StoreLocation.PostgresServer) location(
                "postgresql://db.example:6432/cow?sslmode=require", "cow", "pw-from-settings");
        assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/cow?sslmode=require");
        assertThat(server.user()).isEqualTo("cow");
        assertThat(server.password()).isEqualTo("pw-from-settings");
        assertThat(server.toString()).isEqualTo("postgresql://db.example:6432/cow");
    }

    @Test
    void aPasswordInTheUrlWinsAndIsNeverShown() {
        StoreLocation.PostgresServer server = (StoreLocation.PostgresServer) location(
                "postgres://bot:s3cr%40t-in-url@db.example/cow", "ignored", "");
        assertThat(server.user()).isEqualTo("bot");
        assertThat(server.password()).isEqualTo("s3cr@t-in-url");
        assertThat(server.toString()).doesNotContain("s3cr");
        assertThat(Secrets.redact("connecting with s3cr@t-in-url")).doesNotContain("s3cr@t");
        Startup startup = Startup.load(null, Map.of(), Map.of("store.url", "postgresql://bot:s3cr%40t-in-url@db/cow"));
        assertThat(startup.settings().value(StoreSettings.URL).display()).isEqualTo("postgresql://bot:********@db/cow");
    }

    @Test
    void anythingElseIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> Startup.load(null, Map.of(), Map.of("store.url", "mysql://db/cow")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.url")
                .hasMessageContaining("postgresql://host[:port]/database");
        assertThatThrownBy(() -> location("postgresql://db.example", "", ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.url").hasMessageContaining("postgresql://host[:port]/database");
    }
}
