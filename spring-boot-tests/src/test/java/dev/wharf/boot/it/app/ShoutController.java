package dev.wharf.boot.it.app;

import java.util.Locale;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Controller;

/** A STOMP application destination: {@code /app/shout} answers on {@code /topic/shouts}. */
@Controller
class ShoutController {

    @MessageMapping("/shout")
    @SendTo("/topic/shouts")
    String shout(String text) {
        return text.toUpperCase(Locale.ROOT);
    }
}
