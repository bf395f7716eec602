namespace Actors.Multiprocessing;

/// <summary>
/// An exception raised in another process, as CPython's <c>RemoteTraceback</c>: its type name, message and the
/// stack trace it had there. A pool task's exception is rethrown as its own type where it can be
/// transferred, with this as its inner exception; otherwise this is thrown.
/// </summary>
public sealed class RemoteException : MultiprocessingException
{
    /// <summary>Creates the exception from what the other process reported.</summary>
    public RemoteException(string remoteType, string remoteMessage, string remoteStackTrace)
        : base($"{remoteType}: {remoteMessage}")
    {
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the exception's type in the other process.</summary>
    public string RemoteType { get; }

    /// <summary>The exception as the other process printed it: type, message, inner exceptions and stack trace.</summary>
    public string RemoteStackTrace { get; }

    /// <summary>The exception with the remote stack trace beneath it.</summary>
    public override string ToString() => $"{base.ToString()}{Environment.NewLine}--- Remote traceback ---{Environment.NewLine}{RemoteStackTrace}";
}
