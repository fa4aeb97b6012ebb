package io.cow.core.config;

/**
 * A value that a {@link SettingType} rejects with its own explanation, for values with parts (a list of model
 * profiles): the message names the part and what is wrong with it, and is shown instead of the type's
 * {@link SettingType#allowed()}.
 */
public final class InvalidValue extends IllegalArgumentException {

    public InvalidValue(String message) {
        super(message);
    }
}
