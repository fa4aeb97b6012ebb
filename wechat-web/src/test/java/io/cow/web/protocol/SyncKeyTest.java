package io.cow.web.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SyncKeyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheListAndWritesBothForms() throws Exception {
        SyncKey key = SyncKey.fromJson(JSON.readTree("""
                {"Count":4,"List":[{"Key":1,"Val":636444437},{"Key":2,"Val":636445051},
                {"Key":3,"Val":636444675},{"Key":1000,"Val":1463747283}]}""")).orElseThrow();

        assertThat(key.asParameter()).isEqualTo("1_636444437|2_636445051|3_636444675|1000_1463747283");
        assertThat(JSON.writeValueAsString(key.toJson()))
                .isEqualTo("{\"Count\":4,\"List\":[{\"Key\":1,\"Val\":636444437},{\"Key\":2,\"Val\":636445051},"
                        + "{\"Key\":3,\"Val\":636444675},{\"Key\":1000,\"Val\":1463747283}]}");
    }

    @Test
    void countZeroOrMissingIsNoKey() throws Exception {
        assertThat(SyncKey.fromJson(JSON.readTree("{\"Count\":0,\"List\":[]}"))).isEmpty();
        assertThat(SyncKey.fromJson(JSON.readTree("{}").path("SyncKey"))).isEmpty();
    }

    @Test
    void synccheckUsesTheSyncCheckKeyWhenThereIsOne() {
        Session session = new Session(Hosts.allAt("http://127.0.0.1:1"), 1, "sid-123456", "@crypt_1_2", "pt-123456");
        SyncKey sync = new SyncKey(List.of(new SyncKey.Entry(1, 10)));
        SyncKey check = new SyncKey(List.of(new SyncKey.Entry(1, 11)));

        session.updateSyncKeys(sync, null);
        assertThat(session.syncCheckKey()).isEqualTo(sync);
        session.updateSyncKeys(null, check);
        assertThat(session.syncKey()).isEqualTo(sync);
        assertThat(session.syncCheckKey()).isEqualTo(check);
    }

    @Test
    void baseRequestHasANumericUinAndAFreshDeviceId() {
        Session session = new Session(Hosts.allAt("http://127.0.0.1:1"), 155217200, "PsWd4FvKROR5EVcG", "@crypt_1_2", "pt-123456");
        Map<String, Object> base = session.baseRequest();

        assertThat(base).containsEntry("Uin", 155217200L).containsEntry("Sid", "PsWd4FvKROR5EVcG").containsEntry("Skey", "@crypt_1_2");
        assertThat((String) base.get("DeviceID")).matches("e\\d{15}");
    }
}
