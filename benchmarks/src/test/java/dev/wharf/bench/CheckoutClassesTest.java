package dev.wharf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which classes a forked server runs: the measured checkout's (or snapshot's), never another checkout's jars. */
class CheckoutClassesTest {

    @Test
    @DisplayName("Wharf's jars from the local repository or from another checkout's target give way to this one's classes")
    void moduleJarsBecomeThisCheckoutsClasses(@TempDir Path snapshot) throws Exception {
        Files.createDirectories(snapshot.resolve("api-impl/target/classes"));
        Files.createDirectories(snapshot.resolve("servlet-bridge/target/classes"));
        String classPath = String.join(File.pathSeparator,
                "/home/u/.m2/repository/dev/wharf/wharf-api-impl/0.1.0-SNAPSHOT/wharf-api-impl-0.1.0-SNAPSHOT.jar",
                "/work/other-checkout/servlet-bridge/target/wharf-servlet-bridge-0.1.0-SNAPSHOT.jar",
                "/home/u/.m2/repository/org/eclipse/jetty/jetty-server/12.1.4/jetty-server-12.1.4.jar",
                "/work/other-checkout/redis/target/wharf-redis-0.1.0-SNAPSHOT.jar");

        String[] entries = ServerProcess.checkoutClasses(classPath, snapshot).split(File.pathSeparator);

        assertEquals(snapshot.resolve("api-impl/target/classes").toString(), entries[0]);
        assertEquals(snapshot.resolve("servlet-bridge/target/classes").toString(), entries[1]);
        assertEquals("/home/u/.m2/repository/org/eclipse/jetty/jetty-server/12.1.4/jetty-server-12.1.4.jar",
                entries[2], "other libraries stay as they are");
        assertEquals("/work/other-checkout/redis/target/wharf-redis-0.1.0-SNAPSHOT.jar", entries[3],
                "a module the snapshot has no classes of keeps its jar");
    }
}
