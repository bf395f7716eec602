using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Transport.DotNetty;

namespace Actors.Multiprocessing.Internal;

/// <summary>
/// The certificate a process family authenticates with. The root process makes it in memory; every child
/// receives it (with its key) in its bootstrap over stdin, never through a file or the command line. Akka.Remote
/// then runs mutual TLS where each side presents it and pins the peer's to its thumbprint: an ActorSystem
/// outside the family cannot associate, so nothing it sends is ever deserialized.
/// </summary>
internal sealed class FamilyCertificate
{
    private static readonly Lazy<FamilyCertificate> Root = new(Create);
    private static FamilyCertificate? _inherited;

    private readonly Lazy<X509Certificate2> _certificate;

    private FamilyCertificate(byte[] pkcs12)
    {
        Pkcs12 = pkcs12;
        // Loaded back from PKCS#12 so that the certificate carries its private key for the TLS server side;
        // only when an ActorSystem starts (a child that never starts one never pays for the key import).
        _certificate = new Lazy<X509Certificate2>(() => X509CertificateLoader.LoadPkcs12(pkcs12, password: null, X509KeyStorageFlags.EphemeralKeySet));
    }

    /// <summary>This process's family: the one inherited from the parent, else a new one (this is the root).</summary>
    public static FamilyCertificate Current => _inherited ?? Root.Value;

    public X509Certificate2 Certificate => _certificate.Value;

    /// <summary>The certificate and its key as PKCS#12, as children receive it.</summary>
    public byte[] Pkcs12 { get; }

    /// <summary>
    /// Installs the certificate this family authenticates with instead of making one: the one a child received
    /// from its parent, or a cluster node's (its workers then authenticate to it with the cluster's).
    /// </summary>
    public static void Use(byte[] pkcs12)
    {
        if (_inherited?.Pkcs12.AsSpan().SequenceEqual(pkcs12) != true)
        {
            _inherited = For(pkcs12);
        }
    }

    /// <summary>The certificate in <paramref name="pkcs12"/> (with its key), not installed.</summary>
    public static FamilyCertificate For(byte[] pkcs12) => new(pkcs12);

    /// <summary>Mutual TLS that accepts exactly this certificate on the other side.</summary>
    public DotNettySslSetup SslSetup() =>
        new(Certificate, suppressValidation: false, requireMutualAuthentication: true,
            CertificateValidation.PinnedCertificate(Certificate.Thumbprint));

    /// <summary>Whether <paramref name="setup"/> authenticates with this family's certificate.</summary>
    public bool IsUsedBy(DotNettySslSetup setup) => setup.Certificate?.Thumbprint == Certificate.Thumbprint;

    private static FamilyCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=actors-multiprocessing-family-{Environment.ProcessId}", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return new FamilyCertificate(certificate.Export(X509ContentType.Pkcs12));
    }
}
