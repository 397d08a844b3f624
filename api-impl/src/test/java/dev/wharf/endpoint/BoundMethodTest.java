package dev.wharf.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.endpoint.BoundMethod.Source;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** Calls through every shape of bound method: the direct arities and the argument array beyond them. */
class BoundMethodTest {

    public static final class Target {
        int calls;

        public void none() {
            calls++;
        }

        public String one(String message) {
            return "1:" + message;
        }

        public String two(String message, boolean last) {
            return "2:" + message + ":" + last;
        }

        public int three(Session session, String message, boolean last) {
            return (session == null ? 0 : 100) + message.length() + (last ? 1000 : 0);
        }

        public String four(String message, boolean last, Session session, Throwable error) {
            return "4:" + message + ":" + last + ":" + (session == null) + ":" + error.getMessage();
        }

        public String room(String message, int id) {
            return message + "@" + id;
        }

        public void fails(String message) throws IOException {
            throw new IOException(message);
        }
    }

    private static BoundMethod bind(String name, Source... plan) throws ReflectiveOperationException {
        return bind(name, new String[plan.length], plan);
    }

    private static BoundMethod bind(String name, String[] pathNames, Source... plan)
            throws ReflectiveOperationException {
        Method method = null;
        for (Method m : Target.class.getMethods()) {
            if (m.getName().equals(name)) {
                method = m;
            }
        }
        return new BoundMethod(method, MethodHandles.publicLookup().unreflect(method), plan, pathNames);
    }

    @Test
    void callsMethodsOfEveryArityWithTheirPlannedArguments() throws Throwable {
        Target target = new Target();
        assertNull(bind("none").invoke(target, null, null, null, null, "m", true));
        assertEquals(1, target.calls);
        assertEquals("1:m", bind("one", Source.MESSAGE).invoke(target, null, null, null, null, "m", true));
        assertEquals("2:m:false", bind("two", Source.MESSAGE, Source.LAST)
                .invoke(target, null, null, null, null, "m", false));
        assertEquals(1003, bind("three", Source.SESSION, Source.MESSAGE, Source.LAST)
                .invoke(target, null, null, null, null, "abc", true)); // a primitive result comes back boxed
        assertEquals("4:m:true:true:boom", bind("four", Source.MESSAGE, Source.LAST, Source.SESSION, Source.THROWABLE)
                .invoke(target, null, null, null, new RuntimeException("boom"), "m", true));
    }

    @Test
    void convertsPathParametersAndRefusesOnesThatDoNotConvert() throws Throwable {
        BoundMethod room = bind("room", new String[] {null, "id"}, Source.MESSAGE, Source.PATH);
        FakeSession session = new FakeSession();
        session.pathParameters.put("id", "42");
        assertEquals("m@42", room.invoke(new Target(), session, null, null, null, "m", true));
        session.pathParameters.put("id", "forty-two");
        assertThrows(DecodeException.class, () -> room.invoke(new Target(), session, null, null, null, "m", true));
    }

    @Test
    void passesTheUserMethodsExceptionUnwrapped() throws Throwable {
        IOException thrown = assertThrows(IOException.class, () -> bind("fails", Source.MESSAGE)
                .invoke(new Target(), null, null, null, null, "why", true));
        assertEquals("why", thrown.getMessage());
    }

    @Test
    void aMessageOfTheWrongTypeFailsWithClassCastException() throws Throwable {
        BoundMethod one = bind("one", Source.MESSAGE);
        assertThrows(ClassCastException.class, () -> one.invoke(new Target(), null, null, null, null, 42, true));
        assertSame(Target.class, one.method().getDeclaringClass());
    }
}
