package io.cow.wechaty;

import io.cow.core.channel.kit.ChannelFailure;
import io.grpc.Status;

/**
 * Says in words what a failed call to the puppet service means and what to do about it, and maps it to the kit's
 * failure vocabulary: a rejected token is a refusal, anything else may work when tried again.
 */
final class PuppetErrors {

    private PuppetErrors() {
    }

    /**
     * @param what what failed, as the start of the sentence ("the event stream ended: "), or empty
     * @param endpoint the service's {@code host:port}, or null before it is known
     */
    static ChannelFailure failure(String what, Status status, WechatyConfig config, String endpoint) {
        String message = "Wechaty puppet service" + (endpoint == null ? "" : " at " + endpoint) + ": " + what
                + describe(status, config, endpoint);
        return isAuthentication(status) ? ChannelFailure.refused(message) : ChannelFailure.retryable(message);
    }

    static boolean isAuthentication(Status status) {
        return status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED;
    }

    /** One line: what happened, with the service's own words, and a hint when there is an obvious one. */
    static String describe(Status status, WechatyConfig config, String endpoint) {
        String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
        Throwable cause = status.getCause();
        if (detail.isEmpty() && cause != null) {
            detail = ": " + rootMessage(cause);
        }
        String what = status.getCode() + detail;
        return switch (status.getCode()) {
            case UNAUTHENTICATED, PERMISSION_DENIED -> "the service rejected the token (" + what
                    + "); check wechaty.token / WECHATY_PUPPET_SERVICE_TOKEN";
            case UNAVAILABLE -> "the service at " + endpoint + " is unreachable (" + what + ")" + tlsHint(config, cause);
            case DEADLINE_EXCEEDED -> "the service at " + endpoint + " did not answer in time (" + what + ")";
            case ALREADY_EXISTS -> "the service still serves another event stream (" + what
                    + "); only one client can use a puppet service at a time";
            case CANCELLED -> "the connection was closed (" + what + ")";
            default -> "the service answered " + what;
        };
    }

    private static String tlsHint(WechatyConfig config, Throwable cause) {
        String text = cause == null ? "" : rootMessage(cause).toLowerCase(java.util.Locale.ROOT);
        if (config.tls() && (text.contains("ssl") || text.contains("tls") || text.contains("handshake") || text.contains("certificate"))) {
            return "; TLS failed: for a plaintext service set wechaty.noTls / WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT=true,"
                    + " otherwise check wechaty.tlsServerName and wechaty.tlsCaCert";
        }
        return "";
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
