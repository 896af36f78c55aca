package org.acmedelegate.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.acmedelegate.account.TxtValue;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

class UpdatePlanTest {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final Name OWN = Name.fromConstantString("d420c923-bbd7-4056-ab64-c3ca54c9b3cf.auth.example.org.");
    private static final Name OTHER = Name.fromConstantString("0f5ad3b5-4bfb-4dd6-9d75-46bfc9cf62d4.auth.example.org.");
    private static final Name APEX = Name.fromConstantString("_acme-challenge.example.test.");
    private static final String A = "3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU";
    private static final String B = "v4i3Ae8rxNaHlcWUwubeLqxP7LV7xbCNglz8w9NVPI8";

    // As the server sees it: through the wire, so deletes and prerequisites carry no data.
    private static UpdatePlan plan(Update update, String... live) throws IOException {
        return UpdatePlan.of(new Message(update.toWire()), ZONE, OWN, APEX, List.of(live));
    }

    private static List<String> values(List<TxtValue> values) {
        return values.stream().map(TxtValue::value).toList();
    }

    @Test
    void addsATxtValueAtTheKeysOwnName() throws Exception {
        Update u = new Update(ZONE);
        u.add(OWN, Type.TXT, 300, A);
        UpdatePlan plan = plan(u);
        assertThat(plan.accepted()).isTrue();
        assertThat(values(plan.adds())).containsExactly(A);
        assertThat(plan.deletes()).isEmpty();
    }

    @Test
    void deletesOneValueTheTxtRrsetOrEverythingAtTheName() throws Exception {
        Update one = new Update(ZONE);
        one.delete(OWN, Type.TXT, A);
        assertThat(values(plan(one, A, B).deletes())).containsExactly(A);
        Update rrset = new Update(ZONE);
        rrset.delete(OWN, Type.TXT);
        assertThat(values(plan(rrset, A, B).deletes())).containsExactly(A, B);
        Update all = new Update(ZONE);
        all.delete(OWN);
        assertThat(values(plan(all, A, B).deletes())).containsExactly(A, B);
    }

    @Test
    void appliesTheUpdatesInOrderSoAReplaceDeletesTheOldAndAddsTheNew() throws Exception {
        Update u = new Update(ZONE);
        u.delete(OWN, Type.TXT);
        u.add(OWN, Type.TXT, 60, B);
        UpdatePlan plan = plan(u, A);
        assertThat(values(plan.deletes())).containsExactly(A);
        assertThat(values(plan.adds())).containsExactly(B);
    }

    @Test
    void refusesAnotherAccountsNameAndChangesNothingWhenOneOfTwoNamesIsForeign() throws Exception {
        Update foreign = new Update(ZONE);
        foreign.add(OTHER, Type.TXT, 300, A);
        assertThat(plan(foreign).rcode()).isEqualTo(Rcode.REFUSED);
        Update mixed = new Update(ZONE);
        mixed.add(OWN, Type.TXT, 300, A);
        mixed.add(OTHER, Type.TXT, 300, B);
        UpdatePlan plan = plan(mixed);
        assertThat(plan.rcode()).isEqualTo(Rcode.REFUSED);
        assertThat(plan.adds()).isEmpty();
        assertThat(plan.deletes()).isEmpty();
    }

    @Test
    void refusesRecordsOtherThanTxtAndValuesThatAreNoChallenge() throws Exception {
        Update a = new Update(ZONE);
        a.add(new ARecord(OWN, DClass.IN, 300, java.net.InetAddress.getByName("192.0.2.1")));
        assertThat(plan(a).rcode()).isEqualTo(Rcode.REFUSED);
        Update deleteA = new Update(ZONE);
        deleteA.delete(OWN, Type.A);
        assertThat(plan(deleteA).rcode()).isEqualTo(Rcode.REFUSED);
        Update junk = new Update(ZONE);
        junk.add(OWN, Type.TXT, 300, "not a challenge");
        assertThat(plan(junk).rcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void answersNotauthForAZoneTheKeyDoesNotServeAndNotzoneForANameOutsideTheZone() throws Exception {
        Update elsewhere = new Update(Name.fromConstantString("example.com."));
        elsewhere.add(Name.fromConstantString("x.example.com."), Type.TXT, 300, A);
        assertThat(plan(elsewhere).rcode()).isEqualTo(Rcode.NOTAUTH);
        Update outside = new Update(ZONE);
        outside.add(Name.fromConstantString("x.example.com."), Type.TXT, 300, A);
        assertThat(plan(outside).rcode()).isEqualTo(Rcode.NOTZONE);
    }

    @Test
    void theChallengeNameOfTheBoundDomainIsAZoneWhoseApexIsTheOwnName() throws Exception {
        Update u = new Update(APEX);
        u.add(APEX, Type.TXT, 120, A);
        assertThat(values(plan(u).adds())).containsExactly(A);
        Update below = new Update(APEX);
        below.add(Name.fromConstantString("x._acme-challenge.example.test."), Type.TXT, 120, A);
        assertThat(plan(below).rcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void evaluatesPrerequisites() throws Exception {
        Update mustExist = new Update(ZONE);
        mustExist.present(OWN, Type.TXT);
        mustExist.add(OWN, Type.TXT, 300, B);
        assertThat(plan(mustExist).rcode()).isEqualTo(Rcode.NXRRSET);
        assertThat(plan(mustExist, A).accepted()).isTrue();

        Update mustBeAbsent = new Update(ZONE);
        mustBeAbsent.absent(OWN, Type.TXT);
        mustBeAbsent.add(OWN, Type.TXT, 300, B);
        assertThat(plan(mustBeAbsent, A).rcode()).isEqualTo(Rcode.YXRRSET);
        assertThat(plan(mustBeAbsent).accepted()).isTrue();

        Update exactly = new Update(ZONE);
        exactly.present(OWN, Type.TXT, A);
        exactly.delete(OWN, Type.TXT, A);
        assertThat(plan(exactly, A, B).rcode()).isEqualTo(Rcode.NXRRSET);
        assertThat(values(plan(exactly, A).deletes())).containsExactly(A);

        Update nameUnused = new Update(ZONE);
        nameUnused.absent(OWN);
        assertThat(plan(nameUnused).rcode()).isEqualTo(Rcode.YXDOMAIN);

        Update foreign = new Update(ZONE);
        foreign.present(OTHER, Type.TXT);
        assertThat(plan(foreign).rcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void refusesAMessageWithoutExactlyOneSoaZone() throws Exception {
        Message m = new Message();
        m.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
        assertThat(UpdatePlan.of(m, ZONE, OWN, APEX, List.of()).rcode()).isEqualTo(Rcode.FORMERR);
    }
}
