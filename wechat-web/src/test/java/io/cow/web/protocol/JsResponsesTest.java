package io.cow.web.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsResponsesTest {

    @Test
    void jsLoginGivesTheUuid() throws Exception {
        assertThat(JsResponses.uuid("window.QRLogin.code = 200; window.QRLogin.uuid = \"4dcaWx3uBw==\";"))
                .isEqualTo("4dcaWx3uBw==");
    }

    @Test
    void jsLoginWithAnotherCodeFails() {
        assertThatThrownBy(() -> JsResponses.uuid("window.QRLogin.code = 400; window.QRLogin.uuid = \"\";"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("code 400");
        assertThatThrownBy(() -> JsResponses.uuid("<html>busy</html>"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("<html>busy</html>");
        assertThatThrownBy(() -> JsResponses.uuid("window.QRLogin.code = 200;"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("without a uuid");
    }

    @Test
    void loginPollCodes() throws Exception {
        assertThat(JsResponses.loginStatus("window.code=408;").code()).isEqualTo(408);
        assertThat(JsResponses.loginStatus("window.code=201;window.userAvatar = 'data:img/jpg;base64,/9j/4AAQ';").code())
                .isEqualTo(201);
        assertThat(JsResponses.loginStatus("window.code=400;").code()).isEqualTo(400);
        assertThat(JsResponses.loginStatus("window.code=202;").code()).isEqualTo(202);
        assertThat(JsResponses.loginStatus("window.code=500;").code()).isEqualTo(500);
    }

    @Test
    void confirmedLoginCarriesTheRedirect() throws Exception {
        JsResponses.LoginStatus status = JsResponses.loginStatus("window.code=200;\n"
                + "window.redirect_uri=\"https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=A6NZ@qrticket_0"
                + "&uuid=4dcaWx3uBw==&lang=zh_CN&scan=1463755895\";");

        assertThat(status.code()).isEqualTo(200);
        assertThat(status.redirectUri()).contains("https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=A6NZ@qrticket_0"
                + "&uuid=4dcaWx3uBw==&lang=zh_CN&scan=1463755895");
    }

    @Test
    void confirmedLoginWithoutRedirectIsMalformed() {
        assertThatThrownBy(() -> JsResponses.loginStatus("window.code=200;"))
                .isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> JsResponses.loginStatus(""))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void syncCheckRetcodeAndSelector() throws Exception {
        JsResponses.SyncCheck check = JsResponses.syncCheck("window.synccheck={retcode:\"0\",selector:\"2\"}");
        assertThat(check.retcode()).isZero();
        assertThat(check.selector()).isEqualTo(2);
        assertThat(check.loggedOut()).isFalse();
        assertThat(JsResponses.syncCheck("window.synccheck={retcode:\"1101\",selector:\"0\"}").loggedOut()).isTrue();
        assertThat(JsResponses.syncCheck("window.synccheck={retcode:\"1100\",selector:\"0\"}").loggedOut()).isTrue();
        assertThat(JsResponses.syncCheck("window.synccheck={retcode:\"1102\",selector:\"0\"}").loggedOut()).isTrue();
        assertThat(JsResponses.syncCheck("window.synccheck={ retcode : 0 , selector : 7 }").selector()).isEqualTo(7);
    }

    @Test
    void malformedSyncCheckFails() {
        assertThatThrownBy(() -> JsResponses.syncCheck("window.synccheck={retcode:\"0\"}"))
                .isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> JsResponses.syncCheck("{\"garbage\":true"))
                .isInstanceOf(MalformedResponseException.class);
    }
}
