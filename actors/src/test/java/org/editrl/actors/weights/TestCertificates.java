package org.editrl.actors.weights;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written as the PEM files
 * the weight service reads (certificate chain, PKCS#8 private key).
 */
public record TestCertificates(Path certChain, Path privateKey) {
  public static TestCertificates create(Path dir) throws Exception {
    Path keystore = dir.resolve("learner.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool, "-genkeypair", "-alias", "learner", "-keyalg", "RSA", "-keysize",
                "2048", "-dname", "CN=editrl-test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    PrivateKey key = (PrivateKey) ks.getKey("learner", "changeit".toCharArray());
    Certificate cert = ks.getCertificate("learner");
    Path certFile = dir.resolve("learner.crt");
    Path keyFile = dir.resolve("learner.key");
    Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
    // PKCS12 keys encode as PKCS#8, which is what gRPC's TLS reads.
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    return new TestCertificates(certFile, keyFile);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
