package io.cow.web.send;

import io.cow.core.message.Chat;
import io.cow.core.message.OutgoingMessage;
import io.cow.web.login.CurrentLogin;
import io.cow.web.login.LoggedIn;
import io.cow.web.protocol.RetException;
import io.cow.web.protocol.WebApi;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Sends a picture or a file: upload ({@code webwxuploadmedia}) then the matching send call, on the account's one send
 * thread, in the current login (a picture is not kept for the next login: it is an answer, late is useless).
 */
public final class MediaSender {

    private final WebApi api;
    private final CurrentLogin login;
    private final Executor sendThread;

    public MediaSender(WebApi api, CurrentLogin login, Executor sendThread) {
        this.api = api;
        this.login = login;
        this.sendThread = sendThread;
    }

    /** Uploads and sends an image. */
    public CompletableFuture<Void> image(Chat chat, byte[] data, String mediaType, String fileName) {
        return run(in -> {
            String to = TextCourier.address(in, chat);
            String mediaId = api.upload(in.session(), to, data, fileName, mediaType);
            api.sendImage(in.session(), to, mediaId, OutgoingMessage.newClientId());
        });
    }

    /** Uploads and sends a file. */
    public CompletableFuture<Void> file(Chat chat, byte[] data, String mediaType, String fileName) {
        return run(in -> {
            String to = TextCourier.address(in, chat);
            String mediaId = api.upload(in.session(), to, data, fileName, mediaType);
            api.sendFile(in.session(), to, mediaId, fileName, data.length, OutgoingMessage.newClientId());
        });
    }

    private interface Step {
        void run(LoggedIn in) throws IOException, InterruptedException, RetException;
    }

    private CompletableFuture<Void> run(Step step) {
        return CompletableFuture.runAsync(() -> {
            LoggedIn in = login.get().orElseThrow(() -> new IllegalStateException("web WeChat is not logged in"));
            try {
                step.run(in);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(new IllegalStateException("the web channel closed before the media was sent"));
            } catch (IOException | RetException e) {
                throw new CompletionException(e);
            }
        }, sendThread);
    }
}
