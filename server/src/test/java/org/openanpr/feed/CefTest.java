package org.openanpr.feed;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.http.Json;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CEF lines and RFC 5424 framing: what a person typed cannot forge a field or a record. */
class CefTest {

    @Test
    void aHitIsOneCefLineWithItsFieldsEscaped() throws Exception {
        JsonNode body = Json.MAPPER.readTree("""
                {"event":"hit","hit":{"id":"6f1c","time":"2026-11-23T10:02:12Z","camera":"UT-A2|01","plate":"HX404B","country":"NL",
                 "listName":"Boetes|actief","entryReason":"fine = 120\\\\EUR\\nsecond line","instruction":"stop","organisation":"utrecht",
                 "confidence":0.95,"priority":2,"lat":52.1,"lon":5.1}}""");
        Cef.Line line = Cef.of(body);
        assertThat(line.event()).isEqualTo("hit");
        assertThat(line.severity()).isEqualTo(8);
        assertThat(line.text()).startsWith("CEF:0|OpenANPR|OpenANPR|1|hit|ANPR hit: Boetes\\|actief|8|rt=1795428132000 externalId=6f1c cat=hit ");
        // Extension values escape '=' and '\' and carry line ends as \n; a pipe needs no escape there.
        assertThat(line.text()).contains("deviceExternalId=UT-A2|01 ").contains("cs1=HX404B ")
                .contains("cs4=fine \\= 120\\\\EUR\\nsecond line cs5Label=instruction");
        assertThat(line.text()).doesNotContain("\n").contains("dlat=52.1 dlong=5.1");
    }

    @Test
    void aHealthChangeIsACefLine() throws Exception {
        JsonNode body = Json.MAPPER.readTree("""
                {"event":"health","health":{"id":"a1","camera":"UT-H-01","organisation":"utrecht","state":"CLOCK","previous":"OK",
                 "reason":"camera clock 12 min ahead","at":"2026-11-23T10:00:00Z"}}""");
        Cef.Line line = Cef.of(body);
        assertThat(line.event()).isEqualTo("health");
        assertThat(line.severity()).isEqualTo(7);
        assertThat(line.text()).startsWith("CEF:0|OpenANPR|OpenANPR|1|camera-health|camera UT-H-01 CLOCK|7|")
                .contains("cs1=CLOCK cs2Label=previous cs2=OK").endsWith("msg=camera clock 12 min ahead");
    }

    @Test
    void theSyslogMessageIsRfc5424() {
        Syslog s = Syslog.of("udp://127.0.0.1:5514?facility=local3", "anpr host 1");
        // local3 (19) * 8 + critical (2) for a CEF severity 8.
        assertThat(s.message(Instant.parse("2026-11-23T10:02:12.345678Z"), "hit", 8, "CEF:0|x"))
                .isEqualTo("<154>1 2026-11-23T10:02:12.345Z anprhost1 openanpr - hit - CEF:0|x");
        assertThatThrownBy(() -> Syslog.of("http://x:514", "h")).hasMessageContaining("udp://host:514");
        assertThatThrownBy(() -> Syslog.of("tcp://x:514?facility=kern9", "h")).hasMessageContaining("facility one of");
    }
}
