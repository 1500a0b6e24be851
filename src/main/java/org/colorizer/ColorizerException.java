package org.colorizer;

/**
 * An error the user can act on: the message names the file or parameter at fault and says what to do.
 * Command line and Fiji commands show only the message, never a stack trace.
 */
public class ColorizerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ColorizerException(String message) {
        super(message);
    }

    public ColorizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
