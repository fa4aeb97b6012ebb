package io.cow.app.store;

import io.cow.core.config.ConfigException;

import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies everything one store holds into another, empty one of the same schema version (a {@code cow.db} into
 * PostgreSQL, typically): every table the schema has, found in the database rather than listed here, so tables
 * that later versions add come along. The copy is one transaction on the target: all of it or nothing.
 */
public final class StoreCopy {

    /** The version table is each database's own; SQLite's internal tables are not the bot's. */
    private static final Set<String> NOT_COPIED = Set.of("cow_schema", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4");
    private static final int BATCH = 1_000;

    private StoreCopy() {
    }

    /** How many rows of each table were copied, in the order they were. */
    public record Copied(Map<String, Long> rows) {
        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Copies {@code from} into {@code to}.
     *
     * @throws ConfigException when the target already holds data (the copy never merges)
     */
    public static Copied copy(SqliteStore from, SqliteStore to) {
        Database source = from.database();
        Database target = to.database();
        return source.transaction("read " + source + " to copy it", () -> target.transaction("copy into " + target, () -> {
            List<String> tables = tablesParentsFirst(source);
            for (String table : tables) {
                long rows = count(target, table);
                if (rows > 0) {
                    throw new ConfigException("the store " + target + " is not empty (" + rows + " rows in " + table
                            + "): copy into an empty database only");
                }
            }
            Map<String, Long> copied = new LinkedHashMap<>();
            for (String table : tables) {
                copied.put(table, copyTable(source, target, table));
            }
            if (target.dialect() == Dialect.POSTGRESQL) {
                restartIdentities(target, tables);
            }
            for (Map.Entry<String, Long> table : copied.entrySet()) {
                long there = count(target, table.getKey());
                if (there != table.getValue()) {
                    throw new SQLException(table.getKey() + ": " + table.getValue() + " rows read but " + there + " in the target");
                }
            }
            return new Copied(copied);
        }));
    }

    /** The source's tables, each after the tables its foreign keys point to. */
    private static List<String> tablesParentsFirst(Database db) throws SQLException {
        DatabaseMetaData meta = db.connection().getMetaData();
        String schema = db.connection().getSchema();
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        try (ResultSet rows = meta.getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (rows.next()) {
                String table = rows.getString("TABLE_NAME");
                if (!NOT_COPIED.contains(table.toLowerCase(Locale.ROOT))) {
                    parents.put(table, new LinkedHashSet<>());
                }
            }
        }
        for (Map.Entry<String, Set<String>> table : parents.entrySet()) {
            try (ResultSet keys = meta.getImportedKeys(null, schema, table.getKey())) {
                while (keys.next()) {
                    String parent = keys.getString("PKTABLE_NAME");
                    if (!parent.equals(table.getKey())) {
                        table.getValue().add(parent);
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < parents.size()) {
            int before = ordered.size();
            for (Map.Entry<String, Set<String>> table : parents.entrySet()) {
                if (!ordered.contains(table.getKey()) && ordered.containsAll(table.getValue())) {
                    ordered.add(table.getKey());
                }
            }
            if (ordered.size() == before) {
                throw new SQLException("the tables' foreign keys go round in a circle: " + parents);
            }
        }
        return ordered;
    }

    private static long copyTable(Database source, Database target, String table) throws SQLException {
        List<String> columns = columns(target, table);
        String list = String.join(", ", columns.stream().map(c -> '"' + c + '"').toList());
        PreparedStatement read = source.statement("SELECT " + list + " FROM \"" + table + "\"");
        PreparedStatement write = target.statement("INSERT INTO \"" + table + "\" (" + list + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")");
        int[] types = types(target, table, columns.size());
        long rows = 0;
        try (ResultSet from = read.executeQuery()) {
            while (from.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    Object value = from.getObject(i);
                    if (value == null) {
                        write.setNull(i, types[i - 1]);
                    } else {
                        write.setObject(i, value, types[i - 1]);
                    }
                }
                write.addBatch();
                if (++rows % BATCH == 0) {
                    write.executeBatch();
                }
            }
        }
        write.executeBatch();
        return rows;
    }

    private static List<String> columns(Database db, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = db.connection().getMetaData().getColumns(null, db.connection().getSchema(), table, "%")) {
            while (rows.next()) {
                columns.add(rows.getString("COLUMN_NAME"));
            }
        }
        return columns;
    }

    /** The target's JDBC type of each column, so that SQLite's loosely typed values are stored as the target's. */
    private static int[] types(Database db, String table, int count) throws SQLException {
        int[] types = new int[count];
        try (ResultSet none = db.statement("SELECT * FROM \"" + table + "\" WHERE 1 = 0").executeQuery()) {
            ResultSetMetaData meta = none.getMetaData();
            for (int i = 0; i < count; i++) {
                types[i] = meta.getColumnType(i + 1);
            }
        }
        return types;
    }

    /** Rows copied with their ids: PostgreSQL's identity columns must count on from the highest. */
    private static void restartIdentities(Database db, List<String> tables) throws SQLException {
        PreparedStatement identities = db.statement("""
                SELECT table_name, column_name FROM information_schema.columns
                 WHERE table_schema = current_schema() AND is_identity = 'YES'""");
        List<String[]> found = new ArrayList<>();
        try (ResultSet rows = identities.executeQuery()) {
            while (rows.next()) {
                found.add(new String[]{rows.getString(1), rows.getString(2)});
            }
        }
        for (String[] identity : found) {
            if (tables.contains(identity[0])) {
                String sql = "SELECT setval(pg_get_serial_sequence('\"" + identity[0] + "\"', '" + identity[1] + "'), "
                        + "coalesce(max(\"" + identity[1] + "\"), 0) + 1, false) FROM \"" + identity[0] + "\"";
                try (ResultSet ignored = db.statement(sql).executeQuery()) {
                    // setval's result is the new value; nothing to read.
                }
            }
        }
    }

    private static long count(Database db, String table) throws SQLException {
        try (ResultSet rows = db.statement("SELECT count(*) FROM \"" + table + "\"").executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
