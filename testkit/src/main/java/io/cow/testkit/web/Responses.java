package io.cow.testkit.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the body forms the service uses: JavaScript text, XML, and JSON sent as text/plain. */
final class Responses {

    static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    static void js(Context ctx, String body) {
        ctx.contentType("text/javascript; charset=UTF-8").result(body);
    }

    static void xml(Context ctx, String body) {
        ctx.contentType("text/plain; charset=UTF-8").result(body);
    }

    static void json(Context ctx, Object body) {
        try {
            ctx.contentType("text/plain; charset=UTF-8").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a simulator response", e);
        }
    }

    /** A JSON answer carrying only {@code BaseResponse} with this Ret. */
    static void ret(Context ctx, int ret, String errMsg) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("BaseResponse", Wire.baseResponse(ret, errMsg));
        json(ctx, body);
    }

    static String synccheck(int retcode, int selector) {
        return "window.synccheck={retcode:\"" + retcode + "\",selector:\"" + selector + "\"}";
    }

    static String loginError(int ret, String message) {
        return "<error><ret>" + ret + "</ret><message>" + message + "</message></error>";
    }
}
