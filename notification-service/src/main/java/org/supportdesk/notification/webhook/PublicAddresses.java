package org.supportdesk.notification.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * R-N2: whether a partner's endpoint address is on the public internet. A delivery never goes to this
 * host's loopback, a private network (RFC 1918, carrier-grade NAT, IPv6 unique-local), a link-local
 * address (the cloud's metadata service at 169.254.169.254), "this network", multicast or any IPv4
 * address of those reached through NAT64: a registered URL cannot make the service call into the
 * network it runs in.
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT, 100.64.0.0/10
                    && first < 224; // multicast and reserved
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique-local, fc00::/7
            }
            if (isNat64(b) || isIpv4Mapped(b) || isIpv4Compatible(b)) {
                // an IPv4 address in IPv6 form, as a name's AAAA record may give it (never turned into
                // an Inet4Address the way a literal is): judged as that IPv4 address
                return isPublic(ipv4(b[12], b[13], b[14], b[15]));
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return isPublic(ipv4(b[2], b[3], b[4], b[5])); // 6to4, 2002::/16: the IPv4 address it wraps
            }
            if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && b[4] == 0x00
                    && b[5] == 0x01) {
                return false; // the local-use NAT64 prefix, 64:ff9b:1::/48: translates into this network
            }
        }
        return true;
    }

    /** ::ffff:0:0/96, an IPv4-mapped address. */
    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    /** ::/96 (the deprecated IPv4-compatible form; :: and ::1 themselves are caught before). */
    private static boolean isIpv4Compatible(byte[] b) {
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** 64:ff9b::/96, the well-known NAT64 prefix: the last four bytes are an IPv4 address. */
    private static boolean isNat64(byte[] b) {
        if (b[0] != 0x00 || b[1] != 0x64 || (b[2] & 0xff) != 0xff || (b[3] & 0xff) != 0x9b) {
            return false;
        }
        for (int i = 4; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] { a, b, c, d });
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
