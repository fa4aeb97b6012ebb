package io.cow.testkit.web;

import io.javalin.http.Context;
import io.cow.testkit.http.HugeBody;

import java.util.Map;
import java.util.Set;

/** How each kind of endpoint answers a scripted fault. */
final class FaultResponses {

    private static final Set<String> BASE_RESPONSE = Set.of("webwxinit", "webwxstatusnotify", "webwxgetcontact",
            "webwxbatchgetcontact", "webwxsync", "webwxsendmsg");

    private FaultResponses() {
    }

    static void apply(Context ctx, String endpoint, SimFaults.Fault fault) {
        if (fault instanceof SimFaults.Fault.Status s) {
            ctx.status(s.status()).contentType("text/html; charset=UTF-8")
                    .result("<html>\r\n<head><title>" + s.status() + "</title></head>\r\n<body>\r\n<center><h1>"
                            + s.status() + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
        } else if (fault instanceof SimFaults.Fault.Drop) {
            HugeBody.drop(ctx);
        } else if (fault instanceof SimFaults.Fault.Huge huge) {
            HugeBody.send(ctx, "text/plain", "{\"BaseResponse\":{\"Ret\":0,\"ErrMsg\":\"", huge.bytes());
        } else if (fault instanceof SimFaults.Fault.Malformed) {
            malformed(ctx, endpoint);
        } else if (fault instanceof SimFaults.Fault.Ret r) {
            ret(ctx, endpoint, r.ret());
        }
    }

    private static void malformed(Context ctx, String endpoint) {
        switch (endpoint) {
            case "synccheck" -> Responses.js(ctx, "window.synccheck={retcode:\"0\",sele");
            case "login" -> Responses.js(ctx, "window.code=2");
            case "jslogin" -> Responses.js(ctx, "window.QRLogin.code = 200; window.QRLogin.uu");
            case "webwxnewloginpage" -> Responses.xml(ctx, "<error><ret>0</ret><message></message><skey>@crypt_");
            default -> ctx.contentType("text/plain; charset=UTF-8").result("{\"BaseResponse\":{\"Ret\":0,\"ErrMsg\":\"\"},\"Cou");
        }
    }

    private static void ret(Context ctx, String endpoint, int ret) {
        if (BASE_RESPONSE.contains(endpoint)) {
            Responses.ret(ctx, ret, "");
            return;
        }
        switch (endpoint) {
            case "synccheck" -> Responses.js(ctx, Responses.synccheck(ret, 0));
            case "login" -> Responses.js(ctx, "window.code=" + ret + ";");
            case "jslogin" -> Responses.js(ctx, "window.QRLogin.code = " + ret + "; window.QRLogin.uuid = \"\";");
            case "webwxnewloginpage" -> Responses.xml(ctx, Responses.loginError(ret, ""));
            case "webwxpushloginurl" -> Responses.json(ctx, Map.of("ret", Integer.toString(ret), "msg", ""));
            default -> ctx.status(200).result("");
        }
    }
}
