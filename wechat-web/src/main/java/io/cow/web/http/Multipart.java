package io.cow.web.http;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A multipart/form-data body for uploads: the JDK's HTTP client has none, and the upload needs only text fields and one
 * file part (a slice of a byte array, so a chunk is not copied).
 */
public final class Multipart {

    private final String boundary = "----WebKitFormBoundary" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

    public String boundary() {
        return boundary;
    }

    public void field(String name, String value) {
        text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    public void file(String name, String fileName, String mediaType, byte[] data, int offset, int length) {
        text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName.replace("\"", "_") + "\"\r\nContent-Type: " + mediaType + "\r\n\r\n");
        parts.add(HttpRequest.BodyPublishers.ofByteArray(data, offset, length));
        text("\r\n");
    }

    public HttpRequest.BodyPublisher publisher() {
        List<HttpRequest.BodyPublisher> all = new ArrayList<>(parts);
        all.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
    }

    private void text(String text) {
        parts.add(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    }
}
