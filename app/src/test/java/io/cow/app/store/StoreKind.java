package io.cow.app.store;

import io.cow.testkit.store.TestPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The databases the store runs on, for the parameterised store tests: each gives a fresh, empty database. */
enum StoreKind {

    SQLITE {
        @Override
        StoreLocation newLocation(Path dataDir) {
            return new StoreLocation.SqliteFile(dataDir.resolve(SqliteStore.FILE_NAME));
        }

        @Override
        Connection connect(StoreLocation location) {
            return DatabaseOpener.connect(((StoreLocation.SqliteFile) location).file());
        }
    },

    POSTGRESQL {
        @Override
        StoreLocation newLocation(Path dataDir) {
            TestPostgres.TestDatabase database = TestPostgres.shared().newDatabase();
            return StoreLocation.of(database.url(), dataDir, TestPostgres.TestDatabase.USER, "");
        }

        @Override
        Connection connect(StoreLocation location) throws SQLException {
            StoreLocation.PostgresServer server = (StoreLocation.PostgresServer) location;
            return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        }
    };

    abstract StoreLocation newLocation(Path dataDir);

    /** A connection of the test's own to the database, behind the store's back. */
    abstract Connection connect(StoreLocation location) throws SQLException;

    Dialect dialect() {
        return this == SQLITE ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    /** Brings an empty database to an earlier schema version, as an older cow would have left it. */
    void createAtVersion(StoreLocation location, int version) throws SQLException {
        try (Connection connection = connect(location)) {
            if (this == POSTGRESQL) {
                Migrations.preparePostgres(connection);
            }
            Migrations.apply(connection, dialect(), location.toString(), 0, version);
        }
    }
}
