package io.reelhouse.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keys generated here, written as openssl writes them, turned into pem_private_key. */
class PrivateKeysTest {
  static KeyPair pair;

  @BeforeAll
  static void generate() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    pair = g.generateKeyPair();
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /** PKCS#8 encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), openssl's -v2 aes256. */
  static String encrypted(char[] passphrase) throws Exception {
    String alg = "PBEWithHmacSHA256AndAES_256";
    byte[] salt = new byte[16];
    byte[] iv = new byte[16];
    new SecureRandom().nextBytes(salt);
    new SecureRandom().nextBytes(iv);
    var spec = new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv));
    Cipher c = Cipher.getInstance(alg);
    c.init(
        Cipher.ENCRYPT_MODE,
        SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(passphrase)),
        spec);
    byte[] enc = c.doFinal(pair.getPrivate().getEncoded());
    // Labelled PBES2 (OID 1.2.840.113549.1.5.13) with its KDF and cipher inside, as openssl does.
    AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
    pbes2.init(c.getParameters().getEncoded());
    return pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(pbes2, enc).getEncoded());
  }

  /** The connector's value must load as the same RSA key: it signs what the public key verifies. */
  static void assertSameKey(String pemPrivateKey) throws Exception {
    var key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pemPrivateKey)));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update("reelhouse".getBytes());
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(pair.getPublic());
    v.update("reelhouse".getBytes());
    assertThat(v.verify(sig)).isTrue();
  }

  @Test
  void anUnencryptedPkcs8KeyBecomesItsBase64BodyOnOneLine() throws Exception {
    String value =
        PrivateKeys.pemPrivateKey(
            pem("PRIVATE KEY", pair.getPrivate().getEncoded()), null, "key file k.p8", "$PASS");
    assertThat(value).doesNotContain("-----").doesNotContain("\n");
    assertSameKey(value);
  }

  @Test
  void anEncryptedPkcs8KeyIsDecryptedWithItsPassphrase() throws Exception {
    char[] pass = "correct horse battery".toCharArray();
    String value = PrivateKeys.pemPrivateKey(encrypted(pass), pass, "key file k.p8", "$PASS");
    assertThat(value).isEqualTo(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
    assertSameKey(value);
  }

  @Test
  void aWrongPassphraseSaysSoNamingWhereTheKeyAndPassphraseCameFromButNotThePassphrase()
      throws Exception {
    String pem = encrypted("correct horse battery".toCharArray());
    assertThatThrownBy(
            () ->
                PrivateKeys.pemPrivateKey(
                    pem, "Tr0ub4dor&3".toCharArray(), "private key file /keys/rsa.p8", "$PASS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "cannot decrypt private key file /keys/rsa.p8 with the passphrase in $PASS: wrong passphrase")
        .hasMessageNotContaining("Tr0ub4dor&3");
  }

  @Test
  void anEncryptedKeyWithoutPassphraseAndAPkcs1KeyAreRefusedWithWhatToDo() throws Exception {
    String pem = encrypted("x1234567".toCharArray());
    assertThatThrownBy(() -> PrivateKeys.pemPrivateKey(pem, null, "private key in $KEY", "$PASS"))
        .hasMessage("private key in $KEY is encrypted: set its passphrase in $PASS");
    assertThatThrownBy(
            () ->
                PrivateKeys.pemPrivateKey(
                    "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
                    null,
                    "private key in $KEY",
                    "$PASS"))
        .hasMessageContaining("is a PKCS#1 key")
        .hasMessageContaining("openssl pkcs8 -topk8");
  }
}
