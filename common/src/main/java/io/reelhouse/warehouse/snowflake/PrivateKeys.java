package io.reelhouse.warehouse.snowflake;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Turns a private key in PEM into what the connector's {@code pem_private_key} takes: the base64 of
 * an unencrypted PKCS#8 RSA key, without the BEGIN/END lines. Encrypted PKCS#8 keys ({@code openssl
 * genrsa 2048 | openssl pkcs8 -topk8 -v2 aes256}) are decrypted with the JDK's own PBES2 support,
 * so no extra crypto library is needed.
 */
public final class PrivateKeys {
  private PrivateKeys() {}

  /**
   * @param pem the key file's text (or its base64 body alone)
   * @param passphrase the passphrase of an encrypted key; null if none was given
   * @param origin where the key came from, for messages (a file or variable name)
   * @param passphraseOrigin where a passphrase would come from, for messages
   */
  public static String pemPrivateKey(
      String pem, char[] passphrase, String origin, String passphraseOrigin) {
    String text = pem.strip();
    if (text.contains("BEGIN RSA PRIVATE KEY")) {
      throw new IllegalArgumentException(
          origin
              + " is a PKCS#1 key (BEGIN RSA PRIVATE KEY); Snowflake needs PKCS#8: convert it with"
              + " openssl pkcs8 -topk8 -in key.pem -out key.p8 (add -nocrypt for no passphrase)");
    }
    boolean encrypted = text.contains("BEGIN ENCRYPTED PRIVATE KEY");
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + " is not a PEM private key (bad base64)");
    }
    PKCS8EncodedKeySpec spec;
    if (encrypted) {
      if (passphrase == null || passphrase.length == 0) {
        throw new IllegalArgumentException(
            origin + " is encrypted: set its passphrase in " + passphraseOrigin);
      }
      spec = decrypt(der, passphrase, origin, passphraseOrigin);
    } else {
      spec = new PKCS8EncodedKeySpec(der);
    }
    try {
      KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          origin + " is not an RSA private key in PKCS#8 (" + e.getClass().getSimpleName() + ")");
    }
    return Base64.getEncoder().encodeToString(spec.getEncoded());
  }

  private static PKCS8EncodedKeySpec decrypt(
      byte[] der, char[] passphrase, String origin, String passphraseOrigin) {
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(origin + " is not an encrypted PKCS#8 key");
    }
    try {
      AlgorithmParameters params = info.getAlgParameters();
      // For PBES2 (openssl's default), the parameters name the real scheme, e.g.
      // PBEWithHmacSHA256AndAES_256; older PBES1 keys name it in the algorithm itself.
      String alg = params != null ? params.toString() : info.getAlgName();
      if (alg == null || !alg.startsWith("PBE")) {
        alg = info.getAlgName();
      }
      SecretKeyFactory factory = SecretKeyFactory.getInstance(alg);
      Cipher cipher = Cipher.getInstance(alg);
      cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(passphrase)), params);
      PKCS8EncodedKeySpec spec = info.getKeySpec(cipher);
      KeyFactory.getInstance("RSA").generatePrivate(spec);
      return spec;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot decrypt "
              + origin
              + " with the passphrase in "
              + passphraseOrigin
              + ": wrong passphrase, or an encryption the JDK does not support ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static String body(String pem) {
    StringBuilder b = new StringBuilder();
    for (String line : pem.split("\\R")) {
      if (!line.startsWith("-----")) {
        b.append(line.strip());
      }
    }
    return b.toString();
  }
}
