package org.colorizer.io;

import java.io.IOException;

/** A consumer that may throw {@link IOException}, e.g. code writing a file's content to a stream. */
@FunctionalInterface
public interface IOConsumer<T> {
    void accept(T t) throws IOException;
}
