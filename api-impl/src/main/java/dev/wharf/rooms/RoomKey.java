package dev.wharf.rooms;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on a server endpoint class, the room each of its sessions joins when it opens (before {@code onOpen}):
 * the value of one path parameter ({@code @RoomKey("room")} with {@code @ServerEndpoint("/chat/{room}")}), or the
 * whole request path when the value is empty. A programmatic endpoint whose class cannot carry the annotation puts
 * the parameter's name (or "") under {@link #PROPERTY} in its config's user properties instead.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RoomKey {

    /** The user property of an endpoint config that does what the annotation does. */
    String PROPERTY = "dev.wharf.rooms.key";

    /** The path parameter whose value names the room; empty: the whole path (without the query). */
    String value() default "";
}
