package io.cow.core.model;

/**
 * The model could not answer.
 *
 * @see ModelErrors#describe(Throwable)
 */
public final class ModelCallException extends Exception {

    private final int statusCode;
    private final String apiMessage;

    public ModelCallException(int statusCode, String apiMessage, Throwable cause) {
        super(statusCode > 0 ? "Code " + statusCode + ": " + apiMessage : apiMessage, cause);
        this.statusCode = statusCode;
        this.apiMessage = apiMessage;
    }

    /** The HTTP status the API answered with, or 0 when no answer came (timeout, connection refused). */
    public int statusCode() {
        return statusCode;
    }

    /** The API's own error message, or what went wrong on the way. */
    public String apiMessage() {
        return apiMessage;
    }
}
