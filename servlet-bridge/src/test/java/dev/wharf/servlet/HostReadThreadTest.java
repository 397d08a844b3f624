package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.undertow.servlet.spec.UpgradeServletInputStream;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which host thread a resumed read is handed to. */
class HostReadThreadTest {

    @Test
    @DisplayName("issue #19: on Undertow a resumed read goes to the connection's I/O executor, found in its input")
    void undertowInputGivesItsIoExecutor() {
        Executor io = Runnable::run;
        assertSame(io, HostReadThread.of(new UpgradeServletInputStream(null, null, io)),
                "the Undertow version the build uses no longer has the field: resumed reads fall back to our threads");
    }

    @Test
    @DisplayName("any other host's input has none: the resuming thread reads")
    void otherInputsHaveNone() {
        assertNull(HostReadThread.of(new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return false;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }

            @Override
            public int read() {
                return -1;
            }
        }));
    }
}
