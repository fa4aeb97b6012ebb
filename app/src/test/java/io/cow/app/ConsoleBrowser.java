package io.cow.app;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real headless Chromium (Debian's, installed by .ci/prepare.d/chromium.sh) driven by Playwright for Java, whose own
 * browser download is skipped; a fresh profile each time. Screenshots go to target/console-screenshots/ at phone and
 * desktop width.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** A phone (390 px, as an iPhone 12–15) and a desktop. */
    static final List<int[]> WIDTHS = List.of(new int[]{390, 844}, new int[]{1280, 900});

    private final Playwright playwright;
    private final BrowserContext context;
    final Page page;

    private ConsoleBrowser(Path profile, String locale) {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        context = playwright.chromium().launchPersistentContext(profile, new BrowserType.LaunchPersistentContextOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setViewportSize(1280, 900).setLocale(locale)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run")));
        context.setDefaultTimeout(60_000);
        page = context.pages().isEmpty() ? context.newPage() : context.pages().get(0);
    }

    /** Opens the browser set to American English; skips the test when Chromium is missing, except on CI. */
    static ConsoleBrowser open(Path profile) {
        return open(profile, "en-US");
    }

    /**
     * Opens the browser with this language setting (navigator.language and Accept-Language); skips the test when
     * Chromium is missing, except on CI, where it must be there.
     */
    static ConsoleBrowser open(Path profile, String locale) {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(CHROMIUM + " is missing: .ci/prepare.d/chromium.sh should have installed it");
            }
            Assumptions.abort(CHROMIUM + " is missing (run .ci/prepare.d/chromium.sh as root)");
        }
        return new ConsoleBrowser(profile, locale);
    }

    /**
     * Screenshots of the whole page at each width, named {@code <name>-<width>.png}; ends at desktop width. Fails when
     * the page is wider than the phone's screen (a phone would have to scroll sideways).
     */
    void screenshots(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        for (int[] size : WIDTHS) {
            page.setViewportSize(size[0], size[1]);
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
            page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                    .setPath(SCREENSHOTS.resolve(name + "-" + size[0] + ".png")));
            Object width = page.evaluate("() => document.documentElement.scrollWidth");
            if (((Number) width).intValue() > size[0]) {
                throw new AssertionError("the " + name + " page is " + width + " px wide at a " + size[0] + " px screen");
            }
        }
    }

    @Override
    public void close() {
        context.close();
        playwright.close();
    }
}
