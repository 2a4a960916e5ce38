package org.supportdesk.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** R-N2: a delivery goes to a public address only. */
class PublicAddressesTest {

    static boolean isPublic(String literal) throws Exception {
        return PublicAddresses.isPublic(InetAddress.getByName(literal));
    }

    @Test
    void loopbackPrivateLinkLocalAndTheirIpv6FormsAreNotPublic() throws Exception {
        for (String address : new String[] { "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1",
                "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "64:ff9b::a9fe:a9fe",
                "64:ff9b::7f00:1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "ff02::1" }) {
            assertThat(isPublic(address)).as(address).isFalse();
        }
    }

    /** An AAAA record's address, as a name resolves to it: bytes, never turned into an IPv4 address. */
    static boolean isPublicAaaa(String literal) throws Exception {
        byte[] bytes = InetAddress.getByName(literal).getAddress();
        if (bytes.length == 4) { // the literal was mapped: build its IPv6 form, ::ffff:a.b.c.d
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return PublicAddresses.isPublic(java.net.Inet6Address.getByAddress(null, bytes, -1));
    }

    @Test
    void ipv4AddressesInIpv6FormAreJudgedAsTheirIpv4Address() throws Exception {
        // a partner's name whose only record is AAAA ::ffff:169.254.169.254 reached the metadata service
        for (String address : new String[] { "::ffff:169.254.169.254", "::ffff:10.0.0.5", "::ffff:127.0.0.1",
                "::a9fe:a9fe", "::7f00:1", "2002:a9fe:a9fe::1", "2002:0a00:0001::1", "64:ff9b:1::a9fe:a9fe" }) {
            assertThat(isPublicAaaa(address)).as(address).isFalse();
        }
        for (String address : new String[] { "::ffff:8.8.8.8", "2002:0808:0808::1", "2001:4860:4860::8888" }) {
            assertThat(isPublicAaaa(address)).as(address).isTrue();
        }
    }

    @Test
    void publicAddressesArePublic() throws Exception {
        for (String address : new String[] { "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255",
                "172.32.0.1", "193.0.14.129", "2001:4860:4860::8888", "2606:4700:4700::1111", "64:ff9b::808:808",
                "::ffff:8.8.8.8" }) {
            assertThat(isPublic(address)).as(address).isTrue();
        }
    }
}
