using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A throwaway certificate authority and a server certificate it signed for <c>127.0.0.1</c> (IP SAN) and
/// <c>localhost</c>, written to a directory: clients that insist on HTTPS (terraform, go for private modules) trust the
/// CA through <c>SSL_CERT_FILE</c>, and the sample host serves the server certificate through Kestrel's
/// <c>Kestrel:Certificates:Default</c> settings, as a user's own host would.
/// </summary>
/// <remarks>
/// terraform refuses a registry host without a dot before any request, so tests address the host by its IP literal;
/// the IP SAN is what lets that name verify.
/// </remarks>
public sealed class TestCertificateAuthority
{
    private readonly X509Certificate2 _ca;

    private TestCertificateAuthority(X509Certificate2 ca, string caPath, string serverPath, string password)
    {
        _ca = ca;
        CaCertificatePath = caPath;
        ServerCertificatePath = serverPath;
        ServerCertificatePassword = password;
    }

    /// <summary>The CA certificate as PEM: the value for <c>SSL_CERT_FILE</c>.</summary>
    public string CaCertificatePath { get; }

    /// <summary>The server certificate and its private key as PKCS#12, for <c>Kestrel:Certificates:Default:Path</c>.</summary>
    public string ServerCertificatePath { get; }

    /// <summary>The PKCS#12 file's password, for <c>Kestrel:Certificates:Default:Password</c>.</summary>
    public string ServerCertificatePassword { get; }

    /// <summary>Makes a CA and a server certificate valid from an hour ago for two days, written under <paramref name="directory"/>.</summary>
    public static TestCertificateAuthority Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = notBefore.AddDays(2);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Registry SDK test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = serverRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var server = signed.CopyWithPrivateKey(serverKey);

        var caPath = Path.Combine(directory, "ca.pem");
        File.WriteAllText(caPath, ca.ExportCertificatePem());
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var serverPath = Path.Combine(directory, "server.pfx");
        File.WriteAllBytes(serverPath, server.Export(X509ContentType.Pkcs12, password));
        return new TestCertificateAuthority(ca, caPath, serverPath, password);
    }

    /// <summary>An HttpClient that trusts this CA alone (not the machine's store) for the server certificate.</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && IsIssuedByThisAuthority(certificate),
        };
        return new HttpClient(handler);
    }

    private bool IsIssuedByThisAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
