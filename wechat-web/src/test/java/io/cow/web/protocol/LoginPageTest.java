package io.cow.web.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginPageTest {

    private static final String OK = """
            <error><ret>0</ret><message></message>
             <skey>@crypt_8e4ad7fa_2703a47aaf8cd4d3e61b855795e38568</skey>
             <wxsid>PsWd4FvKROR5EVcG</wxsid><wxuin>155217200</wxuin>
             <pass_ticket>VgRra8tyYbvfTTS3LVlIHdFob0XowE6%2BZV9X1PB9w9w%3D</pass_ticket>
             <isgrayscale>1</isgrayscale></error>""";

    @Test
    void successGivesTheCredentialsWithThePassTicketDecoded() throws Exception {
        LoginPage page = LoginPage.parse(OK);

        assertThat(page.ok()).isTrue();
        assertThat(page.skey()).isEqualTo("@crypt_8e4ad7fa_2703a47aaf8cd4d3e61b855795e38568");
        assertThat(page.wxsid()).isEqualTo("PsWd4FvKROR5EVcG");
        assertThat(page.wxuin()).isEqualTo(155217200L);
        assertThat(page.passTicket()).isEqualTo("VgRra8tyYbvfTTS3LVlIHdFob0XowE6+ZV9X1PB9w9w=");
    }

    @Test
    void anUnencodedPassTicketIsTakenAsItIs() throws Exception {
        LoginPage page = LoginPage.parse(OK.replace("VgRra8tyYbvfTTS3LVlIHdFob0XowE6%2BZV9X1PB9w9w%3D",
                "VgRra8tyYbvfTTS3LVlIHdFob0XowE6+ZV9X1PB9w9w="));

        assertThat(page.passTicket()).isEqualTo("VgRra8tyYbvfTTS3LVlIHdFob0XowE6+ZV9X1PB9w9w=");
        assertThat(UrlCodec.encode(page.passTicket())).isEqualTo("VgRra8tyYbvfTTS3LVlIHdFob0XowE6%2BZV9X1PB9w9w%3D");
    }

    @Test
    void refusal1203KeepsTheServersMessage() throws Exception {
        LoginPage page = LoginPage.parse("<error><ret>1203</ret><message>为了你的帐号安全，此微信号不能登录网页微信。</message></error>");

        assertThat(page.ok()).isFalse();
        assertThat(page.ret()).isEqualTo(Ret.LOGIN_BARRED);
        assertThat(page.message()).isEqualTo("为了你的帐号安全，此微信号不能登录网页微信。");
    }

    @Test
    void cdataIsUnwrapped() throws Exception {
        assertThat(LoginPage.parse("<error><ret>1203</ret><message><![CDATA[no web login]]></message></error>").message())
                .isEqualTo("no web login");
    }

    @Test
    void missingPartsAreMalformed() {
        assertThatThrownBy(() -> LoginPage.parse("<html>502 Bad Gateway</html>"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("<ret>");
        assertThatThrownBy(() -> LoginPage.parse(OK.replace("<wxsid>PsWd4FvKROR5EVcG</wxsid>", "")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("<wxsid>")
                .hasMessageNotContaining("2703a47aaf8cd4d3e61b855795e38568")
                .hasMessageNotContaining("VgRra8tyYbvfTTS3LVlIHdFob0XowE6");
        assertThatThrownBy(() -> LoginPage.parse(OK.replace("155217200", "x")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("wxuin");
    }
}
