package io.cow.ilink.media;

import io.cow.core.channel.kit.Backoff;
import io.cow.core.net.NetworkException;
import io.cow.ilink.api.IlinkHttpException;
import io.cow.ilink.inbound.MediaRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Moves encrypted files to and from the media CDN (fact sheet §5). */
public final class CdnClient {

    private static final Logger log = LoggerFactory.getLogger(CdnClient.class);

    /** Files above this are refused both ways. */
    public static final long MAX_BYTES = 100L * 1024 * 1024;
    private static final int UPLOAD_ATTEMPTS = 4;

    private final HttpClient client;
    private final String cdnBaseUrl;
    private final Duration timeout;

    public CdnClient(HttpClient client, String cdnBaseUrl, Duration timeout) {
        this.client = client;
        this.cdnBaseUrl = cdnBaseUrl.endsWith("/") ? cdnBaseUrl.substring(0, cdnBaseUrl.length() - 1) : cdnBaseUrl;
        this.timeout = timeout;
    }

    /** The encrypted bytes of an inbound file. */
    public byte[] download(MediaRef media) throws IOException, InterruptedException {
        String url = !media.fullUrl().isEmpty() ? media.fullUrl()
                : cdnBaseUrl + "/download?encrypted_query_param=" + encode(media.encryptQueryParam());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), "CDN download");
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 400) {
                throw new IlinkHttpException("CDN download", response.statusCode(),
                        response.headers().firstValue("x-error-message").orElse(""));
            }
            long announced = response.headers().firstValueAsLong("content-length").orElse(-1);
            if (announced > MAX_BYTES) {
                throw new IOException("CDN download refused: " + announced + " bytes is more than the " + MAX_BYTES + " allowed");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BYTES) {
                    throw new IOException("CDN download stopped: more than the " + MAX_BYTES + " bytes allowed");
                }
            }
            return out.toByteArray();
        }
    }

    /**
     * Uploads ciphertext; retries a 5xx up to three times, never a 4xx.
     *
     * @param uploadFullUrl the server's {@code upload_full_url}, or empty to build the CDN URL
     * @return {@code x-encrypted-param}: the file's download parameter
     */
    public String upload(String uploadFullUrl, String uploadParam, String fileKey, byte[] cipherText)
            throws IOException, InterruptedException {
        String url = !uploadFullUrl.isEmpty() ? uploadFullUrl
                : cdnBaseUrl + "/upload?encrypted_query_param=" + encode(uploadParam) + "&filekey=" + encode(fileKey);
        IOException last = null;
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2));
        for (int attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(cipherText)).build();
            try {
                HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray(), "CDN upload");
                if (response.statusCode() == 200) {
                    return response.headers().firstValue("x-encrypted-param").filter(p -> !p.isEmpty())
                            .orElseThrow(() -> new IOException("CDN upload answered 200 without x-encrypted-param"));
                }
                IlinkHttpException error = new IlinkHttpException("CDN upload", response.statusCode(),
                        response.headers().firstValue("x-error-message").orElse(""));
                if (!error.retryable()) {
                    throw error;
                }
                last = error;
            } catch (IlinkHttpException e) {
                throw e;
            } catch (IOException e) {
                last = e;
            }
            if (attempt < UPLOAD_ATTEMPTS) {
                log.debug("{}; retrying the upload (attempt {} of {})", last.getMessage(), attempt + 1, UPLOAD_ATTEMPTS);
                Thread.sleep(backoff.next().toMillis());
            }
        }
        throw last;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String call)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
        try {
            return future.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw NetworkException.inWords(request.uri(), new HttpTimeoutException(call + " timed out"), client);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException || cause instanceof UnresolvedAddressException
                    ? new IOException(call + " failed: " + NetworkException.inWords(request.uri(), cause, client).getMessage(), cause)
                    : new IOException(call + " failed: " + cause, cause);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
