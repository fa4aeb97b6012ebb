package io.cow.web.contact;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The keys that outlive a login: a name when it is unique, more when it is not, and nothing re-addressed by a guess. */
class ContactDirectoryTest {

    private final ContactDirectory contacts = new ContactDirectory();

    private static Contact person(String userName, String nickName, String remarkName, int sex, String province, String city) {
        return new Contact(userName, nickName, remarkName, "", 0, List.of(), sex, province, city, 0);
    }

    private static Contact member(String userName, String nickName, long attrStatus) {
        return new Contact(userName, nickName, "", "", 0, List.of(), 0, "", "", attrStatus);
    }

    @Test
    void aUniqueNameIsTheKeyAndFindsTheContactAgainAfterANewLogin() {
        Contact alice = person("@a1", "Alice", "", 2, "", "");
        contacts.put(alice);
        assertThat(contacts.keyOf(alice)).isEqualTo("Alice");

        ContactDirectory nextLogin = new ContactDirectory();
        nextLogin.put(person("@a2", "Alice", "", 2, "", ""));
        assertThat(nextLogin.userNameForKey("Alice", false)).contains("@a2");
    }

    @Test
    void theOwnersRemarkNameComesBeforeTheNickname() {
        Contact alice = person("@a1", "Alice", "Alice from work", 2, "", "");
        Contact other = person("@a2", "Alice", "", 2, "", "");
        contacts.putAll(List.of(alice, other));
        assertThat(contacts.keyOf(alice)).isEqualTo("Alice from work");
        assertThat(contacts.keyOf(other)).as("the only one whose name is Alice now").isEqualTo("Alice");
    }

    @Test
    void twoPeopleOfOneNameAreToldApartByWhatTheyShowAndFoundAgainByIt() {
        Contact hangzhou = person("@a1", "Alice", "", 2, "Zhejiang", "Hangzhou");
        Contact shanghai = person("@a2", "Alice", "", 2, "Shanghai", "Shanghai");
        contacts.putAll(List.of(hangzhou, shanghai));
        String key = contacts.keyOf(hangzhou);
        assertThat(key).isNotEqualTo("Alice").isNotEqualTo(contacts.keyOf(shanghai)).startsWith("Alice");

        ContactDirectory nextLogin = new ContactDirectory();
        nextLogin.putAll(List.of(person("@b2", "Alice", "", 2, "Shanghai", "Shanghai"), person("@b1", "Alice", "", 2, "Zhejiang", "Hangzhou")));
        assertThat(nextLogin.userNameForKey(key, false)).contains("@b1");
        assertThat(nextLogin.userNameForKey("Alice", false)).as("the bare name belongs to nobody now").isEmpty();
    }

    @Test
    void twoPeopleNothingTellsApartGetKeysForThisLoginOnlyThatReAddressNothing() {
        Contact one = person("@a1", "Alice", "", 2, "", "");
        Contact two = person("@a2", "Alice", "", 2, "", "");
        contacts.putAll(List.of(one, two));
        String first = contacts.keyOf(one);
        String second = contacts.keyOf(two);
        assertThat(first).isNotEqualTo(second).isNotEqualTo("Alice");
        assertThat(contacts.userNameForKey(first, false)).isEmpty();
        assertThat(contacts.userNameForKey("Alice", false)).isEmpty();

        contacts.remove("@a2");
        assertThat(contacts.keyOf(one)).as("alone again").isEqualTo("Alice");
    }

    @Test
    void aGroupAndAPersonOfOneNameDoNotCollide() {
        Contact person = person("@a1", "Team", "", 1, "", "");
        Contact group = new Contact("@@g1", "Team", "", "", 0, List.of());
        contacts.putAll(List.of(person, group));
        assertThat(contacts.keyOf(person)).isEqualTo("Team");
        assertThat(contacts.keyOf(group)).isEqualTo("Team");
        assertThat(contacts.userNameForKey("Team", true)).contains("@@g1");
        assertThat(contacts.userNameForKey("Team", false)).contains("@a1");
    }

    @Test
    void groupMembersOfOneNameAreToldApartWithinTheirGroupOrGetKeysForThisLoginOnly() {
        Contact bob1 = member("@b1", "Bob", 4001);
        Contact bob2 = member("@b2", "Bob", 4002);
        Contact carol1 = member("@c1", "Carol", 0);
        Contact carol2 = member("@c2", "Carol", 0);
        Contact dave = member("@d1", "Dave", 0);
        Contact group = new Contact("@@g1", "Team", "", "", 0, List.of(bob1, bob2, carol1, carol2, dave));
        contacts.put(group);

        assertThat(contacts.memberKeyOf(group, dave)).isEqualTo("Dave");
        assertThat(contacts.memberKeyOf(group, bob1)).startsWith("Bob").isNotEqualTo(contacts.memberKeyOf(group, bob2))
                .isNotEqualTo("Bob");
        assertThat(contacts.memberKeyOf(group, carol1)).isNotEqualTo(contacts.memberKeyOf(group, carol2)).doesNotStartWith("Carol");
    }

    @Test
    void aFriendInAGroupGoesByTheRemarkNameAndDoesNotCollideWithAStrangerOfThatName() {
        Contact friend = person("@f1", "Robert", "Bob", 1, "", "");
        contacts.put(friend);
        Contact stranger = member("@s1", "Bob", 0);
        Contact group = new Contact("@@g1", "Team", "", "", 0, List.of(member("@f1", "Robert", 0), stranger));
        contacts.put(group);
        assertThat(contacts.memberKeyOf(group, stranger)).isNotEqualTo("Bob");
        assertThat(contacts.memberKeyOf(group, member("@f1", "Robert", 0))).isNotEqualTo("Bob");

        Contact alone = new Contact("@@g2", "Other", "", "", 0, List.of(member("@f1", "Robert", 0)));
        assertThat(contacts.memberKeyOf(alone, member("@f1", "Robert", 0))).isEqualTo("Bob");
    }
}
