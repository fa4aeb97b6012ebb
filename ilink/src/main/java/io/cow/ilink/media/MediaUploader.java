package io.cow.ilink.media;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cow.ilink.api.Account;
import io.cow.ilink.api.IlinkApi;
import io.cow.ilink.api.IlinkErrorException;
import io.cow.ilink.api.Json;
import io.cow.ilink.api.UploadTicket;

import java.io.IOException;
import java.util.HexFormat;

/** Encrypts a file with a new key, announces it with {@code getuploadurl} and puts it on the CDN (fact sheet §5). */
public final class MediaUploader {

    public static final int IMAGE = 1;
    public static final int VIDEO = 2;
    public static final int FILE = 3;
    public static final int VOICE = 4;

    private final IlinkApi api;
    private final CdnClient cdn;

    public MediaUploader(IlinkApi api, CdnClient cdn) {
        this.api = api;
        this.cdn = cdn;
    }

    public UploadedMedia upload(Account account, String toUser, int mediaType, byte[] plain)
            throws IOException, InterruptedException, IlinkErrorException {
        if (plain.length == 0 || plain.length > CdnClient.MAX_BYTES) {
            throw new IOException("a file to send must have 1 to " + CdnClient.MAX_BYTES + " bytes, not " + plain.length);
        }
        byte[] key = AesEcb.random16();
        String fileKey = HexFormat.of().formatHex(AesEcb.random16());
        byte[] cipherText = AesEcb.encrypt(key, plain);
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("filekey", fileKey);
        request.put("media_type", mediaType);
        request.put("to_user_id", toUser);
        request.put("rawsize", plain.length);
        request.put("rawfilemd5", AesEcb.md5Hex(plain));
        request.put("filesize", cipherText.length);
        request.put("no_need_thumb", true);
        request.put("aeskey", HexFormat.of().formatHex(key));
        UploadTicket ticket = api.getUploadUrl(account, request);
        String downloadParam = cdn.upload(ticket.uploadFullUrl(), ticket.uploadParam(), fileKey, cipherText);
        return new UploadedMedia(downloadParam, key, cipherText.length, plain.length);
    }
}
