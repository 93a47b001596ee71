package io.mcpfleet.manager.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console: one static page ({@code static/console/} in the jar) that reads the API with the
 * operator's token. The page itself holds no data, so it is served without the token; every
 * request it makes carries the token.
 */
@Controller
class ConsoleController {

    /**
     * The page's scripts and styles come only from the manager, and nothing may frame it: a page
     * that holds an API token in its session takes no code from anywhere else.
     */
    static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'";

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping({"/console", "/console/"})
    String page(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-cache");
        return "forward:/console/index.html";
    }
}
