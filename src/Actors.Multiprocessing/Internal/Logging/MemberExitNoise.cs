using Akka.Event;

namespace Actors.Multiprocessing.Internal.Logging;

/// <summary>
/// Drops what Akka.Remote logs each time a family member's connection ends: "Disassociated" and "address is
/// now gated" from the endpoints, and a TLS handshake that failed because the member went away mid-handshake
/// ("Channel is closed"), with the rejection notice that follows it. Children come and go, and their
/// supervisor reports an exit that matters, with its exit code. Every other remoting event (a handshake
/// refused for its certificate, an oversized frame) is kept.
/// </summary>
internal sealed class MemberExitNoise : LogFilterBase
{
    public override LogFilterType FilterType => LogFilterType.Content;

    public override LogFilterDecision ShouldKeepMessage(LogEvent content, string? expandedMessage = null)
    {
        var source = content.LogSource ?? "";
        var text = expandedMessage ?? content.Message?.ToString() ?? "";
        // Akka.Remote's EndpointDisassociatedException is internal: known by name.
        var disassociated = text.Contains("Disassociated", StringComparison.Ordinal)
            || content.Cause?.GetType().Name == "EndpointDisassociatedException";
        var endpointGone = source.Contains("/system/endpointManager/", StringComparison.Ordinal) && disassociated;
        var handshakeCutShort = source.StartsWith("TcpServerHandler", StringComparison.Ordinal)
            && ((text.Contains("TLS handshake failed", StringComparison.Ordinal) && text.Contains("Channel is closed", StringComparison.Ordinal))
                || text.StartsWith("Rejected incoming connection", StringComparison.Ordinal));
        return endpointGone || handshakeCutShort ? LogFilterDecision.Drop : LogFilterDecision.NoDecision;
    }
}
