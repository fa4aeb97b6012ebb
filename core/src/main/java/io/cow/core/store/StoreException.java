package io.cow.core.store;

/** The store could not do what was asked (disk full, database locked by another program, ...). */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
