package io.cow.wechaty;

import io.cow.core.config.ConfigException;
import io.cow.core.net.Proxies;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.HttpConnectProxiedSocketAddress;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.ProxyDetector;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.buffer.UnpooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.MetadataUtils;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Opens the gRPC connection to a puppet service: TLS or plaintext, with the token on every call. */
final class PuppetChannels {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** Wechaty's community root CA, which puppet services use by default; the Node and Python clients trust it too. */
    private static final String WECHATY_ROOT_CA = "wechaty-root-ca.pem";

    private PuppetChannels() {
    }

    /**
     * Calls' callbacks run on the transport's own threads (directly, no hand-off to an executor): every callback
     * only parses, completes a future or starts another call, and never waits.
     */
    static ManagedChannel open(WechatyConfig config, String endpoint) {
        ManagedChannelBuilder<?> builder = NettyChannelBuilder.forTarget(endpoint, credentials(config))
                // Buffers from the heap of the C library, freed after each use: netty's pools keep chunks of 2 MB per
                // arena and thread cache (about 12 MB of the bot's memory in a burst) for a few small messages a second.
                .withOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .directExecutor()
                .intercept(authorization(config.token()))
                .maxInboundMessageSize(16 * 1024 * 1024)
                .idleTimeout(365, TimeUnit.DAYS)
                .proxyDetector(proxyDetector(config.proxies()));
        if (config.tls()) {
            config.effectiveServerName().ifPresent(builder::overrideAuthority);
        } else {
            // Community services that read no metadata take the token from :authority, as Wechaty's clients send it.
            try {
                builder.overrideAuthority(config.token());
            } catch (IllegalArgumentException notAnAuthority) {
                // the token has characters an authority cannot carry; the metadata header still has it
            }
        }
        return builder.build();
    }

    /** gRPC through the HTTP proxy the settings name for this host (a CONNECT tunnel), as grpc-java supports. */
    static ProxyDetector proxyDetector(Proxies proxies) {
        return target -> {
            if (!(target instanceof InetSocketAddress address)) {
                return null;
            }
            return proxies.proxyFor(address.getHostString(), address.getPort())
                    .map(proxy -> HttpConnectProxiedSocketAddress.newBuilder()
                            .setTargetAddress(address)
                            .setProxyAddress(new InetSocketAddress(proxy.host(), proxy.port()))
                            .setUsername(proxy.user().isEmpty() ? null : proxy.user())
                            .setPassword(proxy.user().isEmpty() ? null : proxy.password())
                            .build())
                    .orElse(null);
        };
    }

    static ClientInterceptor authorization(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Wechaty " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static ChannelCredentials credentials(WechatyConfig config) {
        if (!config.tls()) {
            return InsecureChannelCredentials.create();
        }
        return TlsChannelCredentials.newBuilder().trustManager(trustManager(config.caCert())).build();
    }

    /** The configured CA alone, or else the system's CAs plus Wechaty's root CA. */
    private static TrustManager trustManager(String caCert) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            List<Certificate> trusted = new ArrayList<>();
            if (!caCert.isEmpty()) {
                trusted.addAll(certificates(caCertText(caCert), WechatySettings.TLS_CA_CERT.key()));
            } else {
                trusted.addAll(List.of(systemTrustManager().getAcceptedIssuers()));
                try (InputStream in = PuppetChannels.class.getResourceAsStream(WECHATY_ROOT_CA)) {
                    if (in == null) {
                        throw new IllegalStateException("the build lacks " + WECHATY_ROOT_CA);
                    }
                    trusted.addAll(certificates(new String(in.readAllBytes(), StandardCharsets.US_ASCII), WECHATY_ROOT_CA));
                }
            }
            int n = 0;
            for (Certificate certificate : trusted) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers()[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static String caCertText(String value) {
        if (value.contains("-----BEGIN")) {
            return value;
        }
        try {
            return Files.readString(Path.of(value), StandardCharsets.US_ASCII);
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException("config key '" + WechatySettings.TLS_CA_CERT.key() + "': '" + value
                    + "' is neither PEM text nor a readable file (" + e.getMessage() + ")");
        }
    }

    static Collection<? extends Certificate> certificates(String pem, String from) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new ConfigException("config key '" + WechatySettings.TLS_CA_CERT.key() + "': " + from + " holds no certificate");
            }
            return certificates;
        } catch (java.security.cert.CertificateException e) {
            throw new ConfigException("config key '" + WechatySettings.TLS_CA_CERT.key() + "': " + from
                    + " is not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in this JDK");
    }

    /** For log lines: which certificate names a TLS connection accepts. */
    static String describeTls(WechatyConfig config) {
        return config.tls()
                ? "TLS, server name " + config.effectiveServerName().orElse("(the endpoint's host)")
                + (config.caCert().isEmpty() ? ", Wechaty's CA or a system CA" : ", the configured CA")
                : "plaintext (no TLS)";
    }
}
