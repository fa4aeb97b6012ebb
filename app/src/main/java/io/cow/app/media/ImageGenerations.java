package io.cow.app.media;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import io.cow.core.channel.kit.DaemonThreads;
import io.cow.core.media.Drawer;
import io.cow.core.media.MediaCallException;
import io.cow.core.model.ModelErrors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Draws through LangChain4j's image model of the {@code draw.profile}. Its call blocks, so each drawing holds a
 * thread of its own while the image API works (seconds), never a pipeline worker; the picture comes back inline
 * (base64) or, from APIs that answer with a link, is fetched from that link.
 */
final class ImageGenerations implements Drawer {

    private static final int MAX_DRAWINGS_AT_ONCE = 8;

    private final ImageModel model;
    private final String profile;
    private final HttpClient http;
    private final ExecutorService threads = new ThreadPoolExecutor(0, MAX_DRAWINGS_AT_ONCE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), DaemonThreads.pool("draw"), new ThreadPoolExecutor.CallerRunsPolicy());

    ImageGenerations(ImageModel model, String profile, HttpClient http) {
        this.model = model;
        this.profile = profile;
        this.http = http;
    }

    @Override
    public CompletableFuture<Picture> draw(String prompt) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return picture(model.generate(prompt).content());
            } catch (MediaCallException e) {
                throw new CompletionException(e);
            } catch (RuntimeException e) {
                throw new CompletionException(new MediaCallException(ModelErrors.describe(e).getMessage(), e));
            }
        }, threads);
    }

    @Override
    public String profile() {
        return profile;
    }

    private Picture picture(Image image) throws MediaCallException {
        if (image == null) {
            throw new MediaCallException("the image API answered without a picture", null);
        }
        if (image.base64Data() != null && !image.base64Data().isBlank()) {
            return new Picture(Base64.getMimeDecoder().decode(image.base64Data()), type(image.mimeType()));
        }
        if (image.url() == null) {
            throw new MediaCallException("the image API answered without a picture", null);
        }
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(image.url()).timeout(Duration.ofMinutes(1)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
                throw new MediaCallException("the picture's link answered HTTP " + response.statusCode(), null);
            }
            return new Picture(response.body(), response.headers().firstValue("content-type").orElse("image/png"));
        } catch (IOException e) {
            throw new MediaCallException("could not fetch the picture from " + hostOf(image.url()) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaCallException("interrupted while fetching the picture", e);
        }
    }

    private static String type(String mimeType) {
        return mimeType == null || mimeType.isBlank() ? "image/png" : mimeType;
    }

    private static String hostOf(URI uri) {
        return uri.getHost() == null ? "the image API" : uri.getHost();
    }
}
