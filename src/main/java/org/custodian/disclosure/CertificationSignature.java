package org.custodian.disclosure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.TimeZone;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.custodian.database.DatabaseProperties;
import org.custodian.support.SigningKey;
import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;

/**
 * Signs a PDF package as the custodian of records' certified copy: a certifying signature (PDF
 * DocMDP, no changes permitted) in a CMS SignedData over the exact bytes, with the certificate of
 * the organization's custodian of records. A hospital configures the certificate its certification
 * authority issued ({@code custodian.disclosure.certification-keystore}); otherwise the signature is
 * made with a key kept in the data directory ({@code keys/records-certification.jwk.json}) under a
 * self-signed certificate, which proves the package unchanged since this server signed it.
 */
@Component
class CertificationSignature {

	private final PrivateKey key;
	private final X509Certificate certificate;

	CertificationSignature(DatabaseProperties database, DisclosureProperties properties) {
		try {
			if (properties.certificationKeystore() != null) {
				KeyStore store = KeyStore.getInstance("PKCS12");
				char[] password = properties.certificationKeystorePassword() == null ? new char[0]
						: properties.certificationKeystorePassword().toCharArray();
				try (InputStream in = Files.newInputStream(Path.of(properties.certificationKeystore()))) {
					store.load(in, password);
				}
				String alias = firstKey(store);
				this.key = (PrivateKey) store.getKey(alias, password);
				this.certificate = (X509Certificate) store.getCertificate(alias);
			} else {
				var rsa = SigningKey.loadOrCreate(database.dataDir(), "records-certification");
				this.key = rsa.toPrivateKey();
				this.certificate = selfSigned(rsa.toKeyPair(), properties.organization());
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read the certification keystore " + properties.certificationKeystore(), e);
		} catch (GeneralSecurityException | JOSEException | OperatorCreationException e) {
			throw new IllegalStateException("Cannot load the key that signs certified copies", e);
		}
	}

	X509Certificate certificate() {
		return certificate;
	}

	/** The PDF, signed as certified by {@code certifiedBy} at {@code when}; nothing else of it changes. */
	byte[] sign(byte[] pdf, String certifiedBy, String organization, Instant when) {
		try (PDDocument doc = Loader.loadPDF(pdf)) {
			PDSignature signature = new PDSignature();
			signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
			signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
			signature.setName(certifiedBy);
			signature.setLocation(organization);
			signature.setReason("Certified true copy of the records, by the custodian of records");
			Calendar at = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
			at.setTime(Date.from(when));
			signature.setSignDate(at);
			noChangesPermitted(doc, signature);
			doc.addSignature(signature, this::cms);
			ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 16_384);
			doc.saveIncremental(out);
			return out.toByteArray();
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot sign the package", e);
		}
	}

	/** The detached CMS signature over the byte ranges PDFBox hands over. */
	private byte[] cms(InputStream content) throws IOException {
		try {
			CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
			ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
			generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
					.build(signer, certificate));
			generator.addCertificates(new JcaCertStore(List.of(certificate)));
			return generator.generate(new CMSProcessableByteArray(content.readAllBytes()), false).getEncoded();
		} catch (OperatorCreationException | GeneralSecurityException | CMSException e) {
			throw new IOException("Cannot make the signature", e);
		}
	}

	/**
	 * Makes the signature a certification (ISO 32000-1, 12.8.2.2, DocMDP) permitting no changes: a
	 * reader shows any later change as breaking the certification.
	 */
	private static void noChangesPermitted(PDDocument doc, PDSignature signature) {
		COSDictionary params = new COSDictionary();
		params.setItem(COSName.TYPE, COSName.getPDFName("TransformParams"));
		params.setInt(COSName.P, 1);
		params.setName(COSName.V, "1.2");
		COSDictionary reference = new COSDictionary();
		reference.setItem(COSName.TYPE, COSName.getPDFName("SigRef"));
		reference.setItem(COSName.getPDFName("TransformMethod"), COSName.DOCMDP);
		reference.setItem(COSName.getPDFName("TransformParams"), params);
		COSArray references = new COSArray();
		references.add(reference);
		signature.getCOSObject().setItem(COSName.getPDFName("Reference"), references);
		COSDictionary perms = new COSDictionary();
		perms.setItem(COSName.DOCMDP, signature);
		doc.getDocumentCatalog().getCOSObject().setItem(COSName.PERMS, perms);
	}

	private static X509Certificate selfSigned(java.security.KeyPair pair, String organization)
			throws OperatorCreationException, GeneralSecurityException {
		X500Name subject = new X500Name("CN=Custodian of records, O=" + organization.replaceAll("[,=+<>#;\"\\\\]", " "));
		// Fixed dates derived from the key, so every package carries the same certificate.
		Instant from = Instant.parse("2025-01-01T00:00:00Z");
		BigInteger serial = new BigInteger(1, java.security.MessageDigest.getInstance("SHA-256").digest(pair.getPublic()
				.getEncoded())).shiftRight(96);
		var builder = new JcaX509v3CertificateBuilder(subject, serial, Date.from(from), Date.from(from.plus(Duration.ofDays(
				36_500))), subject, pair.getPublic());
		return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA")
				.build(pair.getPrivate())));
	}

	private static String firstKey(KeyStore store) throws GeneralSecurityException {
		Enumeration<String> aliases = store.aliases();
		while (aliases.hasMoreElements()) {
			String alias = aliases.nextElement();
			if (store.isKeyEntry(alias)) {
				return alias;
			}
		}
		throw new GeneralSecurityException("The certification keystore holds no private key");
	}
}
