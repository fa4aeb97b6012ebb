package io.cow.testkit.ilink;

/** The simulator's endpoints, for fault injection and slow responses. */
public enum Endpoint {
    GET_BOT_QRCODE("/ilink/bot/get_bot_qrcode"),
    GET_QRCODE_STATUS("/ilink/bot/get_qrcode_status"),
    GET_UPDATES("/ilink/bot/getupdates"),
    SEND_MESSAGE("/ilink/bot/sendmessage"),
    GET_CONFIG("/ilink/bot/getconfig"),
    SEND_TYPING("/ilink/bot/sendtyping"),
    GET_UPLOAD_URL("/ilink/bot/getuploadurl"),
    NOTIFY_START("/ilink/bot/msg/notifystart"),
    NOTIFY_STOP("/ilink/bot/msg/notifystop"),
    CDN_UPLOAD("/c2c/upload"),
    CDN_DOWNLOAD("/c2c/download");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
