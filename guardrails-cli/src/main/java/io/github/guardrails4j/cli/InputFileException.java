package io.github.guardrails4j.cli;

/**
 * An input file that cannot be read or does not have the expected shape. The command prints the message and
 * exits 2 (usage error): no input is ever skipped silently.
 */
final class InputFileException extends Exception {
    private static final long serialVersionUID = 1L;

    InputFileException(String message) {
        super(message);
    }

    InputFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
