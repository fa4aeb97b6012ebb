package io.cow.core.access;

import io.cow.core.message.Chat;
import io.cow.core.message.ChatKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessRulesTest {

    private static final Chat ALICE = new Chat("@a1", "Alice (remark)", ChatKind.PRIVATE, "Alice");
    private static final Chat BOB = new Chat("@b2", "Bob", ChatKind.PRIVATE, "Bob");
    private static final Chat TEAM = new Chat("@@t3", "Team", ChatKind.GROUP, "Team");
    private static final Chat FAMILY = new Chat("@@f4", "Family 2026", ChatKind.GROUP, "Family 2026");

    @Test
    void withoutPatternsEveryChatIsAllowed() {
        assertThat(AccessRules.of(List.of(), List.of())).isSameAs(AccessRules.EVERYONE);
        assertThat(List.of(ALICE, BOB, TEAM, FAMILY)).allMatch(AccessRules.EVERYONE::allows);
    }

    @Test
    void anAllowListAllowsOnlyWhatItMatchesByKeyOrTitle() {
        AccessRules rules = AccessRules.of(List.of("Alice (remark)", "group:Team"), List.of());
        assertThat(rules.allows(ALICE)).isTrue();
        assertThat(rules.allows(TEAM)).isTrue();
        assertThat(rules.allows(BOB)).isFalse();
        assertThat(rules.allows(FAMILY)).isFalse();
        assertThat(AccessRules.of(List.of("Alice"), List.of()).allows(ALICE)).as("the title counts too").isTrue();
    }

    @Test
    void denyWinsAndKindsAndRegularExpressionsAndStarWork() {
        AccessRules rules = AccessRules.of(List.of("*"), List.of("private:Bob", "group:/Family.*/"));
        assertThat(rules.allows(ALICE)).isTrue();
        assertThat(rules.allows(TEAM)).isTrue();
        assertThat(rules.allows(BOB)).isFalse();
        assertThat(rules.allows(FAMILY)).isFalse();
        assertThat(AccessRules.of(List.of("private:*"), List.of()).allows(TEAM)).isFalse();
        assertThat(AccessRules.of(List.of("group:Bob"), List.of()).allows(BOB)).as("a group pattern is no private chat").isFalse();
        assertThat(AccessRules.of(List.of("/Fam/"), List.of()).allows(FAMILY)).as("the whole name must match").isFalse();
    }

    @Test
    void aWrongPatternIsNamed() {
        assertThatThrownBy(() -> AccessRules.of(List.of("/[oops/"), List.of())).hasMessageContaining("/[oops/");
        assertThatThrownBy(() -> AccessRules.patternList().parse(List.of("group:"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(AccessRules.patternList().parse("Alice, group:Team")).containsExactly("Alice", "group:Team");
    }
}
