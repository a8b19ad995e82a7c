using System.Net;
using SmartHomeCam.WebRtc.Stun;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// The ICE-lite answer to a connectivity check, shared by the UDP and ICE-TCP muxes: route a binding request by
/// the local half of its USERNAME (RFC 8445 §7.3), check MESSAGE-INTEGRITY with that peer's password and the
/// FINGERPRINT, and write the success response with the XOR-MAPPED-ADDRESS the request came from.
/// </summary>
public static class IceBindingCheck
{
    /// <summary>Room for a binding success response (header, XOR-MAPPED-ADDRESS v6, MESSAGE-INTEGRITY, FINGERPRINT).</summary>
    public const int ResponseCapacity = 128;

    public enum Outcome
    {
        /// <summary>A valid request for a known peer: <c>response</c> holds the answer.</summary>
        Accepted,

        /// <summary>Well-formed STUN that is not a binding request (an indication, a response): nothing to do.</summary>
        NotARequest,

        /// <summary>Not STUN, unknown username, or failed integrity/fingerprint: discarded silently (RFC 8489 §9.1.3).</summary>
        Rejected,
    }

    public static Outcome Check(
        ReadOnlySpan<byte> packet, Func<string, IPacketReceiver?> lookup, IPEndPoint from, Span<byte> response,
        out IPacketReceiver? peer, out bool useCandidate, out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        peer = null;
        useCandidate = false;
        responseLength = 0;
        if (!StunMessage.TryParse(packet, out var message))
        {
            return Outcome.Rejected;
        }

        if (message.Type != StunConstants.BindingRequest)
        {
            return Outcome.NotARequest; // an ICE-lite agent sends no requests, so expects no responses
        }

        var username = message.Username;
        var colon = username?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        var found = colon > 0 ? lookup(username![..colon]) : null;
        if (found is null || !message.VerifyIntegrity(found.LocalPassword) || (message.Has(StunConstants.Fingerprint) && !message.VerifyFingerprint()))
        {
            return Outcome.Rejected;
        }

        var writer = new StunWriter(response, StunConstants.BindingSuccess, message.TransactionId);
        writer.AddXorMappedAddress(from);
        writer.AddMessageIntegrity(found.LocalPassword);
        writer.AddFingerprint();
        peer = found;
        useCandidate = message.Has(StunConstants.UseCandidate);
        responseLength = writer.Length;
        return Outcome.Accepted;
    }
}
