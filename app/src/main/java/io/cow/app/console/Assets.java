package io.cow.app.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's own files, bundled in the jar: a fixed list, each read from the class path once. Nothing else is
 * served as a file, so no request can read the disk.
 */
final class Assets {

    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    /** Request path → class path resource and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "/assets/app.js", new String[]{"console/app.js", "text/javascript; charset=utf-8"},
            "/assets/app.css", new String[]{"console/app.css", "text/css; charset=utf-8"},
            "/assets/uPlot.js", new String[]{UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/assets/uPlot.css", new String[]{UPLOT + "uPlot.min.css", "text/css; charset=utf-8"},
            "/favicon.svg", new String[]{"console/favicon.svg", "image/svg+xml"});

    /** The app's pages: each is the same shell, which shows the page its address names. */
    static final java.util.Set<String> PAGES = java.util.Set.of("/", "/overview", "/qr", "/chats", "/chat", "/skipped",
            "/usage", "/config", "/logs", "/signin", "/setup");

    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    void routes(RoutesConfig routes) {
        FILES.forEach((path, file) -> routes.get(path, ctx -> serve(ctx, file[0], file[1], true)));
        for (String page : PAGES) {
            if (page.equals("/")) {
                continue;
            }
            routes.get(page, ctx -> serve(ctx, "console/index.html", "text/html; charset=utf-8", false));
        }
    }

    private void serve(Context ctx, String resource, String type, boolean cache) {
        byte[] bytes = loaded.computeIfAbsent(resource, Assets::read);
        if (cache) {
            ctx.header("Cache-Control", "public, max-age=3600");
        }
        ctx.contentType(type).result(bytes);
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console's file " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
