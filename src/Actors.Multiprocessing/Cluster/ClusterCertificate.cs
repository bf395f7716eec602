using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Actors.Multiprocessing;

/// <summary>
/// The certificate the members of a cluster authenticate with, in mutual TLS: every node presents it and
/// accepts exactly it (pinned by thumbprint) on the other side, so a process without it cannot join, and
/// nothing it sends is read. Its worker processes receive it from their node over stdin, as children of a
/// local family do; it never appears on a command line.
/// </summary>
public sealed class ClusterCertificate
{
    private ClusterCertificate(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException(
                $"The cluster certificate {certificate.Subject} has no private key; a node presents it in TLS and needs its key. " +
                "Use the PKCS#12 file written by ClusterCertificate.CreateFile (or export yours with its key).",
                nameof(certificate));
        }

        try
        {
            // The node's worker processes receive it with its key, as the children of a family do.
            Pkcs12 = certificate.Export(X509ContentType.Pkcs12);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException(
                $"The private key of the cluster certificate {certificate.Subject} cannot be exported, and a node hands it to " +
                $"its worker processes: load it from a PKCS#12 file, or mark its key exportable. ({e.Message})",
                nameof(certificate), e);
        }

        Thumbprint = certificate.Thumbprint;
        Subject = certificate.Subject;
    }

    /// <summary>The SHA-1 thumbprint every member pins.</summary>
    public string Thumbprint { get; }

    /// <summary>The certificate's subject, for messages.</summary>
    public string Subject { get; }

    /// <summary>The certificate with its key, as PKCS#12 without a password: what a node hands its workers.</summary>
    internal byte[] Pkcs12 { get; }

    /// <summary>Reads a PKCS#12 file (certificate and private key).</summary>
    /// <param name="path">The file, such as the one <see cref="CreateFile"/> writes.</param>
    /// <param name="password">Its password; null when it has none. Read it from a secret store or the environment, not a command line.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ArgumentException">The file is not PKCS#12, the password is wrong, or it holds no private key.</exception>
    public static ClusterCertificate FromFile(string path, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The cluster certificate file {path} does not exist; write one with ClusterCertificate.CreateFile (the cluster-pool example's make-cert).", path);
        }

        try
        {
            return new ClusterCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet));
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"{path} could not be read as a PKCS#12 certificate with its key (is the password right?): {e.Message}", nameof(path), e);
        }
    }

    /// <summary>Finds the certificate by thumbprint in an X.509 store; its private key must be exportable.</summary>
    /// <exception cref="ArgumentException">The store holds no such certificate, or its key is missing or not exportable.</exception>
    public static ClusterCertificate FromStore(string thumbprint, StoreName storeName = StoreName.My, StoreLocation storeLocation = StoreLocation.CurrentUser)
    {
        ArgumentException.ThrowIfNullOrEmpty(thumbprint);
        using var store = new X509Store(storeName, storeLocation);
        X509Certificate2Collection found;
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"The store {storeLocation}/{storeName} cannot be opened, so it holds no certificate {thumbprint}: {e.Message}", nameof(storeName), e);
        }

        if (found.Count == 0)
        {
            throw new ArgumentException($"The store {storeLocation}/{storeName} holds no certificate with thumbprint {thumbprint}.", nameof(thumbprint));
        }

        return new ClusterCertificate(found[0]);
    }

    /// <summary>
    /// Writes a new self-signed certificate with its private key (ECDSA P-256, ten years) to a PKCS#12 file that
    /// only its owner can read (0600): copy it to every machine of the cluster as you would an SSH key.
    /// </summary>
    /// <exception cref="IOException">The file exists already (it is not overwritten), or cannot be written.</exception>
    public static ClusterCertificate CreateFile(string path, string? password = null, string subject = "CN=actors-multiprocessing-cluster")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        var bytes = certificate.Export(X509ContentType.Pkcs12, password);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var file = new FileStream(path, options))
        {
            file.Write(bytes);
        }

        return FromFile(path, password);
    }
}
