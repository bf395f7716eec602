using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Actors.Multiprocessing.Internal.Managing;

/// <summary>
/// Mutual TLS on a remote manager's connections, on a certificate both sides hold (as a process family's
/// members hold theirs): each side presents it and accepts only a peer that presents the same one (pinned by
/// thumbprint). The authkey handshake then runs inside the encrypted stream.
/// </summary>
internal static class ManagerTls
{
    private const string Host = "actors-multiprocessing-manager";

    public static Stream Accept(Stream stream, X509Certificate2 certificate)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        tls.AuthenticateAsServer(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, presented, _, _) => Same(presented, certificate),
        });
        return tls;
    }

    /// <exception cref="AuthenticationException">The server did not present the certificate, or refused this one.</exception>
    public static Stream Connect(Stream stream, X509Certificate2 certificate)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        tls.AuthenticateAsClient(new SslClientAuthenticationOptions
        {
            TargetHost = Host,
            ClientCertificates = [certificate],
            RemoteCertificateValidationCallback = (_, presented, _, _) => Same(presented, certificate),
        });
        return tls;
    }

    public static byte[] Export(X509Certificate2 certificate) => certificate.Export(X509ContentType.Pkcs12);

    public static X509Certificate2 Import(byte[] pkcs12) =>
        X509CertificateLoader.LoadPkcs12(pkcs12, password: null, X509KeyStorageFlags.EphemeralKeySet);

    private static bool Same(X509Certificate? presented, X509Certificate2 pinned) =>
        presented is not null && presented.GetCertHashString() == pinned.Thumbprint;
}
