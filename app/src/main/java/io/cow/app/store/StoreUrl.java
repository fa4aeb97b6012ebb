package io.cow.app.store;

import io.cow.core.secret.Secrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Reads {@code store.url}; registers any password in it as a secret. */
final class StoreUrl {

    private StoreUrl() {
    }

    /**
     * Reads a store URL: {@code sqlite:<file>}, {@code postgresql://[user[:password]@]host[:port]/database[?options]}
     * ({@code postgres://} and {@code jdbc:postgresql://} too). A user or password in the URL wins over the settings'.
     *
     * @param dataDir where relative SQLite paths are; null only to check the URL's form
     * @throws IllegalArgumentException when the URL is neither, saying why
     */
    static StoreLocation parse(String url, Path dataDir, String user, String password) {
        String text = url == null ? "" : url.strip();
        if (text.isEmpty()) {
            text = StoreLocation.DEFAULT_URL;
        }
        if (text.startsWith("sqlite:")) {
            String file = text.substring("sqlite:".length());
            if (file.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' names no file (for example sqlite:cow.db)");
            }
            Path path = Path.of(file);
            return new StoreLocation.SqliteFile(dataDir == null || path.isAbsolute() ? path : dataDir.resolve(path));
        }
        String withoutJdbc = text.startsWith("jdbc:") ? text.substring("jdbc:".length()) : text;
        if (withoutJdbc.startsWith("postgresql://") || withoutJdbc.startsWith("postgres://")) {
            return postgres(withoutJdbc, user, password);
        }
        throw new IllegalArgumentException("'" + withoutPassword(text)
                + "' is not a store URL: use sqlite:<file> or postgresql://host[:port]/database");
    }

    private static StoreLocation.PostgresServer postgres(String text, String user, String password) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + withoutPassword(text) + "' is not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("'" + withoutPassword(text)
                    + "' needs a host and a database: postgresql://host[:port]/database");
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String userInUrl = null;
        String passwordInUrl = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            userInUrl = decode(parts[0]);
            passwordInUrl = parts.length > 1 ? decode(parts[1]) : null;
            Secrets.register(passwordInUrl);
        }
        for (String option : query.isEmpty() ? new String[0] : query.substring(1).split("&")) {
            if (option.startsWith("password=")) {
                Secrets.register(decode(option.substring("password=".length())));
            }
        }
        String shown = "postgresql://" + hostPort + uri.getRawPath();
        return new StoreLocation.PostgresServer("jdbc:postgresql://" + hostPort + uri.getRawPath() + query,
                userInUrl != null ? userInUrl : user, passwordInUrl != null ? passwordInUrl : password, shown);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The URL with any password in it replaced, as check-config and error messages show it. */
    static String withoutPassword(String url) {
        if (url == null) {
            return "";
        }
        String shown = USER_INFO_PASSWORD.matcher(url).replaceFirst("$1:********@");
        return PASSWORD_OPTION.matcher(shown).replaceAll("$1password=********");
    }

    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("^((?:jdbc:)?postgres(?:ql)?://[^:/@?]*):[^@/?]*@");
    private static final Pattern PASSWORD_OPTION = Pattern.compile("([?&])password=[^&]*");
}
