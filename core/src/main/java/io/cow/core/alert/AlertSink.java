package io.cow.core.alert;

/** Delivers alerts somewhere: webhooks, a message to the owner through a channel. */
public interface AlertSink {

    /** Delivers one alert; must return quickly (deliver in the background) and never throw for a failed delivery. */
    void send(Alert alert);
}
