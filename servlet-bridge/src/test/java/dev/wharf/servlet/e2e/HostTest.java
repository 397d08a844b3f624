package dev.wharf.servlet.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test run once per started host of a {@link HostedTest}. Hosts are {@code AutoCloseable}, and JUnit closes
 * closeable arguments after each invocation by default; shared hosts must survive until the class is done.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}", autoCloseArguments = false)
@MethodSource("hosts")
@interface HostTest {}
