package io.cow.wechaty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.cow.wechaty.grpc.DownloadRequest;
import io.cow.wechaty.grpc.DownloadResponse;
import io.cow.wechaty.grpc.PuppetGrpc;
import io.grpc.StatusRuntimeException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;

/**
 * File boxes, the puppet service's way of passing files: JSON of the file-box package. A small file comes inline
 * (base64), a large one as a uuid read with the {@code Download} stream (chunk by chunk, never whole in memory), and
 * some puppets give a URL.
 */
final class FileBoxes {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BASE64 = 1;
    static final int URL = 2;
    static final int UUID = 7;

    private FileBoxes() {
    }

    /** The bytes of a file box as a stream. */
    static InputStream open(String fileBox, PuppetGrpc.PuppetBlockingStub stub, HttpClient http, Duration timeout)
            throws IOException, InterruptedException {
        JsonNode box = JSON.readTree(fileBox);
        if (box == null || !box.isObject()) {
            throw new IOException("the puppet service answered a file box that is not JSON");
        }
        int type = box.has("type") ? box.path("type").asInt() : box.path("boxType").asInt();
        switch (type) {
            case BASE64 -> {
                return new ByteArrayInputStream(Base64.getMimeDecoder().decode(box.path("base64").asText("")));
            }
            case URL -> {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(box.path("url").asText()))
                        .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() >= 400) {
                    response.body().close();
                    throw new IOException("the file box's URL answered HTTP " + response.statusCode());
                }
                return response.body();
            }
            case UUID -> {
                return new ChunkStream(stub.download(DownloadRequest.newBuilder().setId(box.path("uuid").asText("")).build()));
            }
            default -> throw new IOException("a file box of type " + type + " (not base64, url or uuid)");
        }
    }

    /** A file box holding these bytes inline, as {@code MessageSendFile} takes it. */
    static String inline(byte[] data, String fileName, String mediaType) {
        ObjectNode box = JSON.createObjectNode();
        box.put("type", BASE64).put("name", fileName).put("base64", Base64.getEncoder().encodeToString(data))
                .put("size", data.length).put("mediaType", mediaType);
        return box.toString();
    }

    /** The Download stream's chunks as one input stream. */
    private static final class ChunkStream extends InputStream {
        private final Iterator<DownloadResponse> chunks;
        private ByteString current = ByteString.EMPTY;
        private int at;

        ChunkStream(Iterator<DownloadResponse> chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                while (at >= current.size()) {
                    if (!chunks.hasNext()) {
                        return -1;
                    }
                    current = chunks.next().getChunk();
                    at = 0;
                }
            } catch (StatusRuntimeException e) {
                throw new IOException("the puppet service's download failed: " + e.getStatus(), e);
            }
            int n = Math.min(length, current.size() - at);
            current.copyTo(buffer, at, offset, n);
            at += n;
            return n;
        }
    }
}
