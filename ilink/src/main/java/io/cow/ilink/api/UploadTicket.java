package io.cow.ilink.api;

/**
 * Where to upload an encrypted file: {@code getuploadurl}'s answer.
 *
 * @param uploadParam   {@code upload_param}, for the CDN's {@code encrypted_query_param}
 * @param uploadFullUrl {@code upload_full_url}, used instead when not empty
 */
public record UploadTicket(String uploadParam, String uploadFullUrl) {
}
