package io.mcpfleet.router.mcp;

import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.activation.SessionUse;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.modern.Discovery;
import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.ToolEntry;
import io.mcpfleet.router.modern.EraMetrics;
import io.mcpfleet.router.modern.HeldCall;
import io.mcpfleet.router.modern.InputPins;
import io.mcpfleet.router.modern.InputRounds;
import io.mcpfleet.router.modern.ModernGate;
import io.mcpfleet.router.modern.ModernReply;
import io.mcpfleet.router.modern.ModernRequest;
import io.mcpfleet.router.modern.ResultFields;
import io.mcpfleet.router.routing.SessionBindings;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The modern (2026-07-28) path of the MCP endpoint. A request passes the {@link ModernGate}, then
 * the router answers what it owns ({@code server/discover}) or hands it to the same
 * {@link MessageHandler} as a 2025 session's request, in a session that lives for this request
 * only: routing, waking, holding, breakers, retries and metrics are the 2025 path's. Backend
 * sessions that request opens (a stateful service's binding) end with it: a modern client keeps
 * no state in the router, as the specification wants.
 */
@Component
class ModernPost {

    private static final Logger log = LoggerFactory.getLogger(ModernPost.class);

    /**
     * How long a list from the merged catalog may be taken as fresh: the catalog changes when a
     * service's tools are first learned or relearned, so briefly; {@code subscriptions/listen}
     * carries the change itself.
     */
    static final long LIST_TTL_MS = 30_000;
    private static final Set<String> LISTS = Set.of("tools/list", "prompts/list", "resources/list",
            "resources/templates/list");
    private static final Set<String> REMOVED = Set.of("ping", "logging/setLevel", "resources/subscribe",
            "resources/unsubscribe");

    private final ModernGate gate;
    private final JsonMapper mapper;
    private final MessageHandler handler;
    private final RouterMethods methods;
    private final EnvelopeScanner scanner;
    private final UpstreamClient upstream;
    private final ActivityTracker tracker;
    private final EraMetrics eras;
    private final Clock clock;
    private final ResultFields.CacheHint listHint;
    private final Catalog catalog;
    private final InputPins pins;
    private final InputRounds rounds;
    private final ListenStreams listens;

    ModernPost(MessageHandler handler, RouterMethods methods, EnvelopeScanner scanner, UpstreamClient upstream,
               ActivityTracker tracker, MeterRegistry meters, Clock clock, RouterProperties properties,
               JsonMapper json, Catalog catalog, ListenStreams listens) {
        this.catalog = catalog;
        this.listens = listens;
        this.mapper = json;
        this.pins = new InputPins(clock);
        this.rounds = new InputRounds(clock, properties.inputs().timeout(), properties.inputs().maxOpen());
        io.micrometer.core.instrument.Gauge.builder("fleet.router.input.rounds", rounds, InputRounds::pending)
                .description("input_required rounds open: 2025 servers' calls held for a 2026-07-28 client's retry")
                .register(meters);
        this.gate = new ModernGate(ProtocolVersions.SUPPORTED, json);
        this.handler = handler;
        this.methods = methods;
        this.scanner = scanner;
        this.upstream = upstream;
        this.tracker = tracker;
        this.eras = new EraMetrics(meters);
        this.clock = clock;
        // The catalog is the same for every caller; behind a router token it is still not for
        // anyone a shared cache might serve.
        String token = properties.routerToken();
        this.listHint = new ResultFields.CacheHint(LIST_TTL_MS, token == null || token.isBlank() ? "public"
                : "private");
    }

    boolean claims(HttpServletRequest req, Envelope message) {
        return gate.claims(req::getHeader, message);
    }

    boolean claims(java.util.function.UnaryOperator<String> headers, Envelope message) {
        return gate.claims(headers, message);
    }

    /** Counts a request of the 2025 path (the modern path counts its own). */
    void countLegacy(Envelope message) {
        if (message.isRequest()) {
            eras.count(EraMetrics.LEGACY, message.method());
        }
    }

    void post(HttpServletRequest req, HttpServletResponse resp, Envelope message, boolean json, boolean sse) {
        if (message.isRequest() && message.method().equals("initialize")) {
            ModernReply.write(resp, 404, Failures.error(message.idText(), Failures.METHOD_NOT_FOUND, "initialize does "
                    + "not exist in MCP " + ModernGate.VERSION + " (send it without the 2026-07-28 "
                    + "MCP-Protocol-Version header to open a 2025 session)"));
            return;
        }
        ModernGate.Admission admission = gate.admit(req::getHeader, message);
        if (admission.refused()) {
            log.debug("refused a {} request: {}", ModernGate.VERSION, admission.errorText());
            ModernReply.write(resp, admission.status(), admission.error());
            return;
        }
        if (message.kind() == Envelope.Kind.NOTIFICATION) {
            // No 2026-07-28 client notification needs the router (cancellation is closing the stream).
            resp.setStatus(202);
            return;
        }
        ModernRequest request = admission.request();
        String method = message.method();
        eras.count(EraMetrics.MODERN, method);
        HttpReply reply = new HttpReply(resp, json, sse);
        if (method.equals("server/discover")) {
            reply.complete(Discovery.result(message.idText(),
                    methods.initializeResult(message.idText(), ProtocolVersions.LATEST), gate.supported(), listHint));
            return;
        }
        if (method.equals("subscriptions/listen")) {
            ListenFilter filter;
            try {
                filter = ListenFilter.parse(mapper.readTree(message.bytes()).path("params").path("notifications"));
            } catch (IllegalArgumentException e) {
                ModernReply.write(resp, 400, Failures.error(message.idText(), Failures.INVALID_PARAMS, e.getMessage()));
                return;
            }
            try {
                listens.listen(req, resp, message.idText(), filter, request.legacyInitParams(ProtocolVersions.LATEST));
            } catch (java.io.IOException e) {
                throw new io.mcpfleet.router.routing.ClientGoneException(e);
            }
            return;
        }
        if (REMOVED.contains(method)) {
            ModernReply.write(resp, 404, Failures.error(message.idText(), Failures.METHOD_NOT_FOUND, method
                    + " does not exist in MCP " + ModernGate.VERSION + " (removed; see the specification's changelog)"));
            return;
        }
        relay(resp, message, request, reply);
    }

    /**
     * Sends a retry to the instance that issued its requestState; refuses (false, answered) a
     * replay to another service. A requestState the router does not know is routed like any call.
     */
    private boolean pinTo(HttpServletResponse resp, Envelope message, String requestState, ClientSession session) {
        InputPins.Pin pin = pins.find(requestState);
        if (pin == null) {
            return true;
        }
        ToolEntry tool = message.name() == null ? null : catalog.snapshot().find(message.name());
        if (tool != null && !tool.service().equals(pin.service())) {
            log.info("refused a requestState of service {} replayed to service {}", pin.service(), tool.service());
            ModernReply.write(resp, 400, Failures.error(message.idText(), Failures.INVALID_PARAMS, "requestState was "
                    + "issued by service " + pin.service() + " and cannot be replayed to " + tool.service()
                    + "; send it only with a retry of the request that received it"));
            return false;
        }
        session.pin(pin.instanceId());
        return true;
    }

    private void relay(HttpServletResponse resp, Envelope message, ModernRequest request, HttpReply reply) {
        if (InputRounds.issuedByARouter(request.requestState())) {
            resumeHeld(resp, message, request.requestState(), reply);
            return;
        }
        long now = clock.millis();
        SessionUse use = new SessionUse(now);
        ClientSession session = new ClientSession("modern", ProtocolVersions.LATEST,
                request.legacyInitParams(ProtocolVersions.LATEST), new SessionBindings(upstream, tracker, use), use,
                now);
        session.forOneRequest();
        if (request.logLevel() != null) {
            session.logLevel(request.logLevel());
        }
        if (request.requestState() != null && !pinTo(resp, message, request.requestState(), session)) {
            return;
        }
        String method = message.method();
        ResultFields.CacheHint hint = LISTS.contains(method) ? listHint
                : method.equals("resources/read") ? ResultFields.CacheHint.UNKNOWN : null;
        HeldCall.Turn first = new HeldCall.Turn(reply, resp, message.idText());
        HeldCall held = new HeldCall(rounds, request.capabilities(), method, nameOf(message), first,
                answer -> handler.response(session, scanner.scan(answer)));
        ModernReply modern = new ModernReply(reply, resp, scanner, hint, request.logLevel(), held, pins);
        Envelope relayed = scanner.scan(gate.withoutRequestFields(message.bytes()));
        Runnable call = () -> {
            try {
                handler.request(session, relayed, modern);
            } finally {
                held.finish();
                session.close();
            }
        };
        if (!HeldCall.mayAsk(method, request.capabilities())) {
            call.run();
            return;
        }
        // A call that may be held across input_required rounds outlives this request: its own thread.
        Thread.ofVirtual().name("modern-call-", 0).start(call);
        try {
            first.awaitAnswer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A retry with a requestState this router issued for a held call ({@link HeldCall}): its
     * answers go to the call's thread, and this request's response waits for what the call says next.
     */
    private void resumeHeld(HttpServletResponse resp, Envelope message, String state, HttpReply reply) {
        InputRounds.Round round = rounds.find(state);
        String idJson = message.idText();
        if (round == null) {
            refuseRetry(resp, idJson, "requestState is unknown to this router or expired: a round lasts "
                    + rounds.timeout().toSeconds() + " s, is answered once, and only on the router that issued it; "
                    + "send the request again without requestState and inputResponses");
            return;
        }
        String name = nameOf(message);
        if (!round.method().equals(message.method()) || !java.util.Objects.equals(round.name(), name)) {
            log.info("refused a requestState of {} {} replayed to {} {}", round.method(), round.name(),
                    message.method(), name);
            refuseRetry(resp, idJson, "requestState was issued for " + round.method() + " of " + described(round.name())
                    + " and cannot be replayed to " + message.method() + " of " + described(name)
                    + "; send it only with a retry of the request that received it");
            return;
        }
        JsonNode answers = mapper.readTree(message.bytes()).path("params").path("inputResponses");
        if (!answers.isObject()) {
            refuseRetry(resp, idJson, "a retry with requestState needs params.inputResponses (an object: the answer "
                    + "to each inputRequests key)");
            return;
        }
        HeldCall.Turn turn = new HeldCall.Turn(reply, resp, idJson);
        if (!rounds.take(state, round) || !HeldCall.resume(round, new HeldCall.Retry(answers, turn))) {
            refuseRetry(resp, idJson, "requestState expired or was answered already: send the request again without "
                    + "requestState and inputResponses");
            return;
        }
        try {
            turn.awaitAnswer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void refuseRetry(HttpServletResponse resp, String idJson, String why) {
        ModernReply.write(resp, 400, Failures.error(idJson, Failures.INVALID_PARAMS, why));
    }

    private String described(String name) {
        if (name == null) {
            return "(no name)";
        }
        ToolEntry tool = catalog.snapshot().find(name);
        return io.mcpfleet.router.json.Splice.quote(ClientText.safe(name))
                + (tool == null ? "" : " (service " + tool.service() + ")");
    }

    /** What a request addresses: {@code params.name}, or {@code params.uri} of {@code resources/read}. */
    private String nameOf(Envelope message) {
        if (message.name() != null || !message.method().equals("resources/read")) {
            return message.name();
        }
        JsonNode uri = mapper.readTree(message.bytes()).path("params").path("uri");
        return uri.isString() ? uri.asString() : null;
    }
}
