package dev.wharf.samples;

import dev.wharf.samples.chat.ChatEndpoint;
import dev.wharf.samples.echo.EchoEndpoint;
import dev.wharf.samples.feed.FeedEndpoint;
import dev.wharf.samples.json.JsonEndpoint;
import dev.wharf.samples.programmatic.ReverseEndpoint;
import dev.wharf.samples.programmatic.SamplesApplication;
import dev.wharf.samples.server.ServerStatsEndpoint;
import java.util.Set;

/**
 * The classes of this application that Wharf's {@code @HandlesTypes} scan finds in a WAR. The embedded launcher
 * hands exactly these to {@code WharfInitializer}, because an embedded servlet context scans nothing.
 */
public final class Samples {

    private Samples() {}

    public static Set<Class<?>> classes() {
        return Set.of(EchoEndpoint.class, ChatEndpoint.class, FeedEndpoint.class, JsonEndpoint.class,
                ReverseEndpoint.class, SamplesApplication.class, ServerStatsEndpoint.class);
    }
}
