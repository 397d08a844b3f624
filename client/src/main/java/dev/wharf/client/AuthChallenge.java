package dev.wharf.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers a {@code 401} with {@code WWW-Authenticate}: RFC 7617 Basic and RFC 7616 Digest (MD5 or SHA-256,
 * {@code qop=auth} or none). Digest is preferred when the server offers both.
 */
final class AuthChallenge {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String scheme;
    private final Map<String, String> params;

    private AuthChallenge(String scheme, Map<String, String> params) {
        this.scheme = scheme;
        this.params = params;
    }

    /** The best challenge among the header lines this client can answer, or null. */
    static AuthChallenge pick(List<String> headerLines) {
        AuthChallenge basic = null;
        for (String line : headerLines) {
            for (AuthChallenge c : parse(line)) {
                if (c.scheme.equals("digest") && supportedDigest(c)) {
                    return c;
                }
                if (c.scheme.equals("basic") && basic == null) {
                    basic = c;
                }
            }
        }
        return basic;
    }

    String scheme() {
        return scheme;
    }

    /** The {@code Authorization} header value for a GET of {@code uri}. */
    String authorization(URI uri, String user, String password) {
        if (scheme.equals("basic")) {
            return "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String algorithm = params.getOrDefault("algorithm", "MD5");
        String realm = params.getOrDefault("realm", "");
        String nonce = params.getOrDefault("nonce", "");
        String digestUri = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            digestUri += "?" + uri.getRawQuery();
        }
        String ha1 = hash(algorithm, user + ":" + realm + ":" + password);
        String ha2 = hash(algorithm, "GET:" + digestUri);
        boolean qopAuth = hasAuthQop();
        StringBuilder out = new StringBuilder("Digest username=\"").append(quote(user))
                .append("\", realm=\"").append(quote(realm))
                .append("\", nonce=\"").append(quote(nonce))
                .append("\", uri=\"").append(quote(digestUri))
                .append("\", algorithm=").append(algorithm);
        String response;
        if (qopAuth) {
            byte[] cnonceBytes = new byte[16];
            RANDOM.nextBytes(cnonceBytes);
            String cnonce = HexFormat.of().formatHex(cnonceBytes);
            String nc = "00000001";
            response = hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
            out.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        } else {
            response = hash(algorithm, ha1 + ":" + nonce + ":" + ha2);
        }
        out.append(", response=\"").append(response).append('"');
        String opaque = params.get("opaque");
        if (opaque != null) {
            out.append(", opaque=\"").append(quote(opaque)).append('"');
        }
        return out.toString();
    }

    private boolean hasAuthQop() {
        String qop = params.get("qop");
        if (qop == null) {
            return false;
        }
        for (String option : qop.split(",")) {
            if (option.strip().equalsIgnoreCase("auth")) {
                return true;
            }
        }
        return false;
    }

    private static boolean supportedDigest(AuthChallenge c) {
        String algorithm = c.params.getOrDefault("algorithm", "MD5");
        boolean knownAlgorithm = algorithm.equalsIgnoreCase("MD5") || algorithm.equalsIgnoreCase("SHA-256");
        return knownAlgorithm && (c.params.get("qop") == null || c.hasAuthQop());
    }

    private static String hash(String algorithm, String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT));
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * RFC 7235 §4.1: {@code challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]}, several per line, comma
     * separated. A new challenge starts at a token followed by a space and not by '='.
     */
    static List<AuthChallenge> parse(String line) {
        ArrayList<AuthChallenge> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        String scheme = null;
        Map<String, String> params = new HashMap<>();
        while (i < n) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == ',' || line.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && isTokenChar(line.charAt(i))) {
                i++;
            }
            if (start == i) {
                i++; // stray character: skip
                continue;
            }
            String token = line.substring(start, i);
            int j = i;
            while (j < n && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) {
                j++;
            }
            if (j < n && line.charAt(j) == '=') {
                j++;
                while (j < n && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) {
                    j++;
                }
                String value;
                if (j < n && line.charAt(j) == '"') {
                    StringBuilder v = new StringBuilder();
                    j++;
                    while (j < n && line.charAt(j) != '"') {
                        char c = line.charAt(j++);
                        if (c == '\\' && j < n) {
                            c = line.charAt(j++);
                        }
                        v.append(c);
                    }
                    j++;
                    value = v.toString();
                } else {
                    int vs = j;
                    while (j < n && line.charAt(j) != ',') {
                        j++;
                    }
                    value = line.substring(vs, j).strip();
                }
                params.put(token.toLowerCase(Locale.ROOT), value);
                i = j;
            } else {
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, params));
                }
                scheme = token.toLowerCase(Locale.ROOT);
                params = new HashMap<>();
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, params));
        }
        return out;
    }

    private static boolean isTokenChar(char c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} ".indexOf(c) < 0;
    }
}
