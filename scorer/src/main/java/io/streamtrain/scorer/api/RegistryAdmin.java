package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelPin;
import io.streamtrain.messages.OnnxGraph;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.TrialResult;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.onnx.OnnxGraphBytes;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegisteredModel;
import io.streamtrain.registry.RegistryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The registry operations of one pipeline over REST: list and show versions, download a version's ONNX graph, roll
 * back, pin and unpin, the writes each audited
 * on the pipeline's events topic by {@link ModelRegistry} with the operator {@code rest@<client address>}.
 *
 * <p>When a token is configured every operation needs {@code Authorization: Bearer <token>} (compared in constant
 * time); a missing or wrong token is answered 401. Without a token, list and show are open and the writes (rollback,
 * pin, unpin) are refused with 403, unless the operator opened them to anyone who reaches the port
 * ({@code scorer.admin.allow.unauthenticated}). Registry failures (an unknown version, a signature that does not
 * verify) are answered 409 with the reason.
 */
public final class RegistryAdmin {

    private static final String BEARER = "Bearer ";

    private final ModelRegistry registry;
    private final byte[] token;
    private final boolean allowUnauthenticated;

    /**
     * @param token                the bearer token; empty leaves list and show open and refuses the writes unless
     *                             {@code allowUnauthenticated}
     * @param allowUnauthenticated without a token, whether the writes are open to anyone
     */
    public RegistryAdmin(ModelRegistry registry, String token, boolean allowUnauthenticated) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.token = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.UTF_8);
        this.allowUnauthenticated = allowUnauthenticated;
    }

    /** Whether the registry writes are open to anyone who reaches the port (no token, and opened explicitly). */
    public boolean writesOpenToAnyone() {
        return token.length == 0 && allowUnauthenticated;
    }

    void list(Context ctx) {
        authorize(ctx);
        ObjectNode response = ApiJson.MAPPER.createObjectNode();
        OptionalLong current = registry(registry::currentVersion);
        if (current.isPresent()) {
            response.put("currentVersion", current.getAsLong());
        }
        OptionalLong pinned = pinnedVersion();
        pinned.ifPresent(version -> response.put("pinnedVersion", version));
        ArrayNode models = response.putArray("models");
        for (RegisteredModel model : registry(registry::list)) {
            ModelEnvelope envelope = model.envelope();
            ObjectNode entry = models.addObject()
                    .put("version", model.version())
                    .put("status", statusWord(model.version(), model.status(), current, pinned))
                    .put("gateDecision", model.status().name())
                    .put("algorithm", envelope.getAlgorithm())
                    .put("windowStart", envelope.getLineage().getWindowStart().toString())
                    .put("windowEnd", envelope.getLineage().getWindowEnd().toString())
                    .put("createdAt", envelope.getCreatedAt().toString())
                    .put("signatureValid", model.signatureValid());
            ObjectNode metrics = entry.putObject("metrics");
            envelope.getMetrics().forEach(metrics::put);
        }
        ApiJson.respond(ctx, 200, response);
    }

    private OptionalLong pinnedVersion() {
        return registry(registry::pin).filter(ModelPin::getPinned).map(pin -> OptionalLong.of(pin.getVersion()))
                .orElse(OptionalLong.empty());
    }

    /**
     * A version's status in the words the dashboard's model table uses: {@code pinned}, {@code champion} (served now),
     * {@code rejected}, {@code held}, {@code backfill} (recorded by the trainer without promotion), {@code on trial} (the
     * challenger tried on live traffic until late labels decide), {@code rolled back}
     * (promoted once, newer than the champion an operator rolled back to) or {@code superseded} (an older champion).
     * The REST API and {@code streamtrain models} both say these.
     */
    public static String statusWord(long version, PromotionStatus gate, OptionalLong current, OptionalLong pinned) {
        if (pinned.isPresent() && pinned.getAsLong() == version) {
            return "pinned";
        }
        if (current.isPresent() && current.getAsLong() == version) {
            return "champion";
        }
        return switch (gate) {
            case REJECTED -> "rejected";
            case HELD -> "held";
            case BACKFILL -> "backfill";
            case TRIAL -> "on trial";
            case PROMOTED -> current.isPresent() && version > current.getAsLong() ? "rolled back" : "superseded";
        };
    }

    void show(Context ctx, long version) {
        authorize(ctx);
        RegisteredModel model = registry(() -> registry.show(version))
                .orElseThrow(() -> ApiException.notFound("version " + version + " is not in the model history"));
        ObjectNode response = ModelDescription.of(model.envelope());
        response.put("status", statusWord(version, model.status(), registry(registry::currentVersion), pinnedVersion()));
        response.put("gateDecision", model.status().name());
        response.put("modelBytes", model.modelSize());
        response.put("signature", model.signatureValid() ? "valid" : model.signature());
        PromotionDecision gate = model.envelope().getPromotion();
        if (gate != null) {
            response.set("promotion", ApiJson.MAPPER.valueToTree(Map.of(
                    "metric", gate.getMetric(),
                    "challengerScore", Objects.toString(gate.getChallengerScore(), "none"),
                    "championScore", Objects.toString(gate.getChampionScore(), "none"),
                    "championVersion", Objects.toString(gate.getChampionVersion(), "none"),
                    "reason", gate.getReason())));
            if (gate.getTrial() != null) {
                response.set("trial", trialResult(gate.getTrial()));
            }
        }
        ApiJson.respond(ctx, 200, response);
    }

    /**
     * How a trial on live traffic decided this version, as {@code GET .../models/{version}} answers it under {@code trial}:
     * the decision, both live scores on the labelled requests, the paired test, and who ended it early and why.
     */
    static ObjectNode trialResult(TrialResult trial) {
        ObjectNode node = ApiJson.MAPPER.createObjectNode()
                .put("strategy", trial.getStrategy())
                .put("decision", trial.getDecision())
                .put("startedAt", trial.getStartedAt().toString())
                .put("decidedAt", trial.getDecidedAt().toString())
                .put("outcomes", trial.getOutcomes())
                .put("scoreName", trial.getScoreName());
        putIfPresent(node, "championScore", trial.getChampionScore());
        putIfPresent(node, "challengerScore", trial.getChallengerScore());
        putIfPresent(node, "championOnlyRight", trial.getChampionOnlyRight());
        putIfPresent(node, "challengerOnlyRight", trial.getChallengerOnlyRight());
        putIfPresent(node, "meanDifference", trial.getMeanDifference());
        node.put("test", trial.getTest()).put("statistic", trial.getStatistic()).put("pValue", trial.getPValue())
                .put("evicted", trial.getEvicted()).put("unusable", trial.getUnusable()).put("unreadable", trial.getUnreadable());
        if (trial.getOperator() != null) {
            ObjectNode ended = node.putObject("endedEarly").put("operator", trial.getOperator()).put("reason", trial.getOperatorReason());
            if (trial.getOperatorAskedAt() != null) {
                ended.put("askedAt", trial.getOperatorAskedAt().toString());
            }
        }
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, Number value) {
        if (value != null) {
            node.putPOJO(field, value);
        }
    }

    /**
     * The ONNX graph of {@code version} as {@code application/octet-stream}, once its signature has verified and the
     * graph's bytes hash to the envelope's SHA-256 (also sent as the {@code ETag}): 404 for a version not in the history
     * or without a graph, 409 for one whose signature or digest does not verify.
     */
    void onnx(Context ctx, long version) {
        authorize(ctx);
        RegisteredModel model = registry(() -> registry.show(version))
                .orElseThrow(() -> ApiException.notFound("version " + version + " is not in the model history"));
        if (!model.signatureValid()) {
            throw ApiException.conflict("version " + version + " cannot be exported: its signature does not verify ("
                    + model.signature() + ")");
        }
        OnnxGraph onnx = model.envelope().getOnnx();
        if (onnx == null) {
            throw ApiException.notFound("version " + version + " has no ONNX graph: it was published before ONNX export existed");
        }
        byte[] graph;
        try {
            graph = OnnxGraphBytes.verified(onnx, "version " + version);
        } catch (ModelRejectedException e) {
            throw ApiException.conflict("version " + version + " cannot be exported: " + e.getMessage());
        }
        ctx.header("Content-Disposition", "attachment; filename=\"" + model.envelope().getPipeline() + "-v" + version + ".onnx\"");
        ctx.header("ETag", "\"" + onnx.getSha256() + "\"");
        ctx.contentType(ContentType.APPLICATION_OCTET_STREAM).result(graph);
    }

    /** Answers {@code {"previousVersion", "currentVersion"}}; {@code previousVersion} only when there was a current model. */
    void rollback(Context ctx, long version) {
        authorizeWrite(ctx);
        OptionalLong previous = registry(registry::currentVersion);
        registry(() -> {
            registry.rollback(version, operator(ctx));
            return version;
        });
        ObjectNode answer = ApiJson.MAPPER.createObjectNode();
        previous.ifPresent(from -> answer.put("previousVersion", from));
        ApiJson.respond(ctx, 200, answer.put("currentVersion", version));
    }

    void pin(Context ctx, byte[] bytes) {
        authorizeWrite(ctx);
        JsonNode body = body(bytes);
        OptionalLong version = body.hasNonNull("version") ? OptionalLong.of(body.get("version").asLong()) : OptionalLong.empty();
        String reason = body.path("reason").asText("");
        long pinned = registry(() -> registry.pin(version, operator(ctx), reason));
        ApiJson.respond(ctx, 200, ApiJson.MAPPER.createObjectNode().put("pinnedVersion", pinned));
    }

    /**
     * Asks the trainer to end the trial of challenger {@code version} now; body {@code {"promote": true|false, "reason"}}.
     * Answers 202 with {@code {"version", "promote"}}: the trainer carries it out and publishes the decision.
     */
    void endTrial(Context ctx, long version, byte[] bytes) {
        authorizeWrite(ctx);
        JsonNode body = body(bytes);
        if (!body.path("promote").isBoolean()) {
            throw ApiException.badRequest("the body needs \"promote\": true (promote the challenger) or false (drop it)");
        }
        boolean promote = body.get("promote").asBoolean();
        String reason = body.path("reason").asText("");
        registry(() -> {
            registry.endTrial(version, promote, operator(ctx), reason);
            return true;
        });
        ApiJson.respond(ctx, 202, ApiJson.MAPPER.createObjectNode().put("version", version).put("promote", promote));
    }

    void unpin(Context ctx) {
        authorizeWrite(ctx);
        String reason = Optional.ofNullable(ctx.queryParam("reason")).orElse("");
        registry(() -> {
            registry.unpin(operator(ctx), reason);
            return true;
        });
        ApiJson.respond(ctx, 200, ApiJson.MAPPER.createObjectNode().put("pinned", false));
    }

    /** Like {@link #authorize}, and without a token refused unless the operator opened writes explicitly. */
    private void authorizeWrite(Context ctx) {
        if (token.length == 0 && !allowUnauthenticated) {
            throw ApiException.forbidden("registry writes (rollback, pin, unpin) need a token: set scorer.admin.token and send "
                    + "'Authorization: Bearer <token>', or open them to anyone who reaches the port with "
                    + "scorer.admin.allow.unauthenticated=true");
        }
        authorize(ctx);
    }

    private void authorize(Context ctx) {
        if (token.length == 0) {
            return;
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.startsWith(BEARER)
                ? header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, given)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiException.unauthorized("registry operations need the header 'Authorization: Bearer <scorer.admin.token>'");
        }
    }

    private static String operator(Context ctx) {
        return "rest@" + ctx.ip();
    }

    private static JsonNode body(byte[] bytes) {
        if (bytes.length == 0) {
            return ApiJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode body = ApiJson.MAPPER.readTree(bytes);
            if (!body.isObject() || (body.has("version") && !body.get("version").canConvertToLong())) {
                throw ApiException.badField("the body must be a JSON object with an optional whole-number version",
                        "version", null);
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getMessage());
        }
    }

    private static <T> T registry(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RegistryException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }
}
